/**
 * Every operator at the session's connection-replaced marker (issue 13 §5): a turn cut off by a
 * replaced connection is abandoned, never glued to the resumed answer; a marker between turns
 * changes nothing; and no operator chokes on a message that carries only the marker.
 */
import { lastValueFrom, of, toArray } from 'rxjs';
import { abandonedTurns } from '../../lib/operators/abandonedTurns';
import type { AudioChunk } from '../../lib/operators/toAudioChunk';
import { audioChunks } from '../../lib/operators/audioChunks';
import { goAwayNotices } from '../../lib/operators/goAwayNotices';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import { interruptions } from '../../lib/operators/interruptions';
import { type ModelTurn, modelTurns } from '../../lib/operators/modelTurns';
import { type LiveMessageKind, ofKind, serverContents } from '../../lib/operators/ofKind';
import { playbackQueue } from '../../lib/operators/playbackQueue';
import { textDeltas } from '../../lib/operators/textDeltas';
import { toolCalls } from '../../lib/operators/toolCalls';
import { transcripts } from '../../lib/operators/transcripts';
import { usage } from '../../lib/operators/usage';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { serverMessages as m } from '../../lib/testing/messages';
import { audio, content, interrupted, text, turnComplete, turnCompleteWithUsage, usageReport } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const replaced = m.connectionReplaced('closed');
const pcm = (samples: number[]): AudioChunk => ({ samples: new Int16Array(samples), sampleRate: 24000, mimeType: 'audio/pcm;rate=24000' });
const play = (samples: number[]) => ({ kind: 'play', chunk: pcm(samples) });
const flush = { kind: 'flush' };
const input = (value: string, finished?: boolean) => content({ inputTranscription: finished === undefined ? { text: value } : { text: value, finished } });
const output = (value: string) => content({ outputTranscription: { text: value } });

function turn(fields: Partial<ModelTurn>): ModelTurn {
  return { parts: [], text: '', audio: [], inputTranscript: '', outputTranscript: '', endedBy: 'turnComplete', generationComplete: false, ...fields };
}

const answer = turn({ parts: [{ text: 'The capital of France ' }, { text: 'is Paris.' }], text: 'The capital of France is Paris.' });

describe('operators at the connection-replaced marker', () => {
  describe('modelTurns', () => {
    it('drops the turn cut off mid-answer, so the resumed answer stands alone', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-u-r-b-c-t|', {
          a: text('The capital '),
          u: m.usage({ totalTokenCount: 9 }),
          r: replaced,
          b: text('The capital of France '),
          c: text('is Paris.'),
          t: turnComplete,
        });
        expectObservable(source.pipe(modelTurns())).toBe('----------t|', { t: answer });
      });
    });

    it('changes nothing at a turn boundary', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-t-r-b-c-u|', {
          a: text('Hello.'),
          t: turnComplete,
          r: replaced,
          b: text('The capital of France '),
          c: text('is Paris.'),
          u: turnComplete,
        });
        expectObservable(source.pipe(modelTurns())).toBe('--t-------u|', {
          t: turn({ parts: [{ text: 'Hello.' }], text: 'Hello.' }),
          u: answer,
        });
      });
    });

    it('drops every half turn over markers in a row and over a second cut', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-r-s-b-q-c-d-t|', {
          a: text('The cap'),
          r: replaced,
          s: m.connectionReplaced('unresponsive'),
          b: text('The capital'),
          q: m.connectionReplaced('goAway'),
          c: text('The capital of France '),
          d: text('is Paris.'),
          t: turnComplete,
        });
        expectObservable(source.pipe(modelTurns())).toBe('--------------t|', { t: answer });
      });
    });

    it('drops a turn opened only by the user\'s transcribed words', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('i-r-j-a-t|', { i: input('What is the'), r: replaced, j: input('What is the capital?'), a: text('Paris.'), t: turnComplete });
        expectObservable(source.pipe(modelTurns())).toBe('--------t|', {
          t: turn({ parts: [{ text: 'Paris.' }], text: 'Paris.', inputTranscript: 'What is the capital?' }),
        });
      });
    });

    it('emits an interrupted turn still waiting for its turnComplete: it had ended, only that frame is lost', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-i-r-b-t|', { a: text('The capital'), i: interrupted, r: replaced, b: text('Lyon.'), t: turnComplete });
        expectObservable(source.pipe(modelTurns())).toBe('----r---t|', {
          r: turn({ parts: [{ text: 'The capital' }], text: 'The capital', endedBy: 'interrupted' }),
          t: turn({ parts: [{ text: 'Lyon.' }], text: 'Lyon.' }),
        });
      });
    });
  });

  describe('transcripts', () => {
    const abandoned = (direction: 'input' | 'output') => ({ direction, text: '', delta: '', finished: false, abandoned: true });

    it('abandons both unfinished lines mid-turn, then starts them afresh', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('i-o-r---p-t|', { i: input('What is the capital?'), o: output('The capital'), r: replaced, p: output('The capital is Paris.'), t: turnComplete });
        expectObservable(source.pipe(transcripts())).toBe('i-o-(ab)p--|', {
          i: { direction: 'input', text: 'What is the capital?', delta: 'What is the capital?', finished: false },
          o: { direction: 'output', text: 'The capital', delta: 'The capital', finished: false },
          a: abandoned('input'),
          b: abandoned('output'),
          p: { direction: 'output', text: 'The capital is Paris.', delta: 'The capital is Paris.', finished: false },
        });
      });
    });

    it('gives nothing at a turn boundary, nor for a line the server had finished', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('o-t-r-i-s-p|', { o: output('Paris.'), t: turnComplete, r: replaced, i: input('Thanks', true), s: replaced, p: output('You are welcome.') });
        expectObservable(source.pipe(transcripts())).toBe('o-----i---p|', {
          o: { direction: 'output', text: 'Paris.', delta: 'Paris.', finished: false },
          i: { direction: 'input', text: 'Thanks', delta: 'Thanks', finished: true },
          p: { direction: 'output', text: 'You are welcome.', delta: 'You are welcome.', finished: false },
        });
      });
    });

    it('abandons a line once over markers in a row, and again on a second cut', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('o-r-s-p-q-c|', { o: output('The'), r: replaced, s: replaced, p: output('The capital'), q: m.connectionReplaced('goAway'), c: output('Paris.') });
        expectObservable(source.pipe(transcripts())).toBe('o-a---p-b-c|', {
          o: { direction: 'output', text: 'The', delta: 'The', finished: false },
          a: abandoned('output'),
          p: { direction: 'output', text: 'The capital', delta: 'The capital', finished: false },
          b: abandoned('output'),
          c: { direction: 'output', text: 'Paris.', delta: 'Paris.', finished: false },
        });
      });
    });
  });

  describe('playbackQueue', () => {
    it('flushes the half answer at a marker mid-turn, then plays the resumed answer', () => {
      const stale: AudioChunk[] = [];
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-b-r-c-t|', { a: audio([1]), b: audio([2]), r: replaced, c: audio([3]), t: turnComplete });
        expectObservable(source.pipe(playbackQueue({ onStale: (chunk) => stale.push(chunk) }))).toBe('a-b-f-c--|', { a: play([1]), b: play([2]), f: flush, c: play([3]) });
      });
      expect(stale).toEqual([]);
    });

    it('flushes nothing at a turn boundary, so the end of the last answer still plays', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-t-r-c|', { a: audio([1]), t: turnComplete, r: m.connectionReplaced('goAway'), c: audio([2]) });
        expectObservable(source.pipe(playbackQueue())).toBe('a-----c|', { a: play([1]), c: play([2]) });
      });
    });

    it('flushes once over markers in a row, and again on a second cut', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-r-s-b-q-c|', { a: audio([1]), r: replaced, s: replaced, b: audio([2]), q: replaced, c: audio([3]) });
        expectObservable(source.pipe(playbackQueue())).toBe('a-f---b-f-c|', { a: play([1]), f: flush, b: play([2]), c: play([3]) });
      });
    });

    it('plays the next connection\'s audio after an interrupted turn: nothing after the marker is stale', () => {
      const stale: AudioChunk[] = [];
      testScheduler().run(({ hot, expectObservable }) => {
        const quiet = hot('a-i-r-c|', { a: audio([1]), i: interrupted, r: replaced, c: audio([3]) });
        expectObservable(quiet.pipe(playbackQueue())).toBe('a-f---c|', { a: play([1]), f: flush, c: play([3]) });
        // Model audio after the barge-in counts as answering, as for abandonedTurns(): the marker flushes again.
        const late = hot('a-i-l-r-c|', { a: audio([1]), i: interrupted, l: audio([2]), r: replaced, c: audio([3]) });
        expectObservable(late.pipe(playbackQueue({ onStale: (chunk) => stale.push(chunk) }))).toBe('a-f---f-c|', { a: play([1]), f: flush, c: play([3]) });
      });
      expect(stale).toEqual([pcm([2])]);
    });
  });

  describe('audioChunks with a flush trigger of your own', () => {
    it('passes the marker by, and interruptions() merged with abandonedTurns() says when to flush', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('a-r-b-t-s-i-c|', { a: audio([1]), r: replaced, b: audio([2]), t: turnComplete, s: replaced, i: interrupted, c: audio([3]) });
        expectObservable(source.pipe(audioChunks())).toBe('a---b-------c|', { a: pcm([1]), b: pcm([2]), c: pcm([3]) });
        expectObservable(source.pipe(abandonedTurns())).toBe('--r----------|', { r: { reason: 'closed' } });
        expectObservable(source.pipe(interruptions())).toBe('----------i--|', { i: { interrupted: true } });
      });
    });
  });

  describe('usage', () => {
    it('is not moved by the marker', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('t-r-u|', { t: turnCompleteWithUsage(), r: replaced, u: turnCompleteWithUsage(usageReport(2)) });
        expectObservable(source.pipe(usage())).toBe('t---u|', {
          t: { promptTokenCount: 515, cachedContentTokenCount: 0, responseTokenCount: 31, toolUsePromptTokenCount: 0, thoughtsTokenCount: 0, totalTokenCount: 546, turns: 1 },
          u: { promptTokenCount: 1545, cachedContentTokenCount: 0, responseTokenCount: 93, toolUsePromptTokenCount: 0, thoughtsTokenCount: 0, totalTokenCount: 1638, turns: 2 },
        });
      });
    });
  });

  describe('a message that carries only the marker', () => {
    const kinds: LiveMessageKind[] = ['setupComplete', 'serverContent', 'toolCall', 'toolCallCancellation', 'goAway', 'sessionResumptionUpdate', 'usageMetadata'];
    const operators: Record<string, (source: LiveServerMessage[]) => Promise<unknown[]>> = {
      textDeltas: (messages) => lastValueFrom(of(...messages).pipe(textDeltas(), toArray())),
      audioChunks: (messages) => lastValueFrom(of(...messages).pipe(audioChunks(), toArray())),
      interruptions: (messages) => lastValueFrom(of(...messages).pipe(interruptions(), toArray())),
      serverContents: (messages) => lastValueFrom(of(...messages).pipe(serverContents(), toArray())),
      toolCalls: (messages) => lastValueFrom(of(...messages).pipe(toolCalls(), toArray())),
      handleToolCalls: (messages) => lastValueFrom(of(...messages).pipe(handleToolCalls({ get_time: () => ({ now: 'noon' }) }), toArray())),
      usage: (messages) => lastValueFrom(of(...messages).pipe(usage(), toArray())),
      goAwayNotices: (messages) => lastValueFrom(of(...messages).pipe(goAwayNotices(), toArray())),
      modelTurns: (messages) => lastValueFrom(of(...messages).pipe(modelTurns(), toArray())),
      transcripts: (messages) => lastValueFrom(of(...messages).pipe(transcripts(), toArray())),
      playbackQueue: (messages) => lastValueFrom(of(...messages).pipe(playbackQueue(), toArray())),
      abandonedTurns: (messages) => lastValueFrom(of(...messages).pipe(abandonedTurns(), toArray())),
      ...Object.fromEntries(kinds.map((kind) => [`ofKind('${kind}')`, (messages: LiveServerMessage[]) => lastValueFrom(of(...messages).pipe(ofKind(kind), toArray()))])),
    };

    it.each(Object.keys(operators))('is ignored by %s, alone and twice in a row', async (name) => {
      const run = operators[name];
      if (run === undefined) throw new Error(name);
      await expect(run([replaced])).resolves.toEqual([]);
      await expect(run([m.connectionReplaced('goAway'), m.connectionReplaced('unresponsive')])).resolves.toEqual([]);
    });
  });
});
