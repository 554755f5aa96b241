import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { type ModelTurn, modelTurns } from '../../lib/operators/modelTurns';
import { textDeltas } from '../../lib/operators/textDeltas';
import {
  audio,
  bare,
  content,
  frame,
  generationComplete,
  interrupted,
  modelParts,
  setupComplete,
  text,
  toolCall,
  turnComplete,
  turnCompleteWithUsage,
  usageReport,
} from '../support/liveMessages';
import { testScheduler } from '../support/marbles';
import { liveServerMessage } from '../support/serverMessageArbitraries';

const pcm = (samples: number[]) => ({ samples: new Int16Array(samples), sampleRate: 24000, mimeType: 'audio/pcm;rate=24000' });

function turn(fields: Partial<ModelTurn>): ModelTurn {
  return {
    parts: [],
    text: '',
    audio: [],
    inputTranscript: '',
    outputTranscript: '',
    endedBy: 'turnComplete',
    generationComplete: false,
    ...fields,
  };
}

describe('modelTurns', () => {
  it('gathers a text turn until turnComplete, with the usage sent beside it', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('s-a-b-g-t|', {
        s: setupComplete,
        a: text('Rhine, '),
        b: modelParts({ text: 'thinking', thought: true }, { text: 'Danube, Loire.' }),
        g: generationComplete,
        t: turnCompleteWithUsage(),
      });
      expectObservable(source.pipe(modelTurns())).toBe('--------t|', {
        t: turn({
          parts: [{ text: 'Rhine, ' }, { text: 'thinking', thought: true }, { text: 'Danube, Loire.' }],
          text: 'Rhine, Danube, Loire.',
          usage: usageReport(),
          generationComplete: true,
        }),
      });
    });
  });

  it('gathers audio and both transcripts of a voice turn, and reads the turn-complete fields', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('i-a-o-b-t|', {
        i: content({ inputTranscription: { text: 'Hello?' } }),
        a: audio([1, 2]),
        o: content({ outputTranscription: { text: 'Hi ' } }),
        b: content({ modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: 'AwA=' } }] }, outputTranscription: { text: 'there' } }),
        t: content({ turnComplete: true, waitingForInput: true, turnCompleteReason: 'NEED_MORE_INPUT' }),
      });
      const chunk = audio([1, 2]).serverContent?.modelTurn?.parts?.[0];
      const second = { inlineData: { mimeType: 'audio/pcm;rate=24000', data: 'AwA=' } };
      expectObservable(source.pipe(modelTurns())).toBe('--------t|', {
        t: turn({
          parts: [chunk ?? {}, second],
          audio: [pcm([1, 2]), pcm([3])],
          inputTranscript: 'Hello?',
          outputTranscript: 'Hi there',
          turnCompleteReason: 'NEED_MORE_INPUT',
          waitingForInput: true,
        }),
      });
    });
  });

  it('marks a barge-in turn interrupted and ends it at the turnComplete that follows', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-i-t-b-u|', {
        a: text('The longest river is'),
        i: interrupted,
        t: turnCompleteWithUsage(usageReport(1)),
        b: text('Sure, go ahead.'),
        u: turnComplete,
      });
      expectObservable(source.pipe(modelTurns())).toBe('----i---u|', {
        i: turn({ parts: [{ text: 'The longest river is' }], text: 'The longest river is', endedBy: 'interrupted', usage: usageReport(1) }),
        u: turn({ parts: [{ text: 'Sure, go ahead.' }], text: 'Sure, go ahead.' }),
      });
    });
  });

  it('ends an interrupted turn when model parts arrive in a later frame before any turnComplete', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-i-o-b-t|', {
        a: text('One'),
        i: content({ interrupted: true, modelTurn: { parts: [{ text: ' two' }] } }),
        o: content({ outputTranscription: { text: 'late' } }),
        b: text('Three'),
        t: turnComplete,
      });
      expectObservable(source.pipe(modelTurns())).toBe('------b-t|', {
        b: turn({ parts: [{ text: 'One' }, { text: ' two' }], text: 'One two', outputTranscript: 'late', endedBy: 'interrupted' }),
        t: turn({ parts: [{ text: 'Three' }], text: 'Three' }),
      });
    });
  });

  it('emits nothing for turns without content: bare frames, tool-call turns, spurious interrupted pairs', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('b-t-c-u-i-j|', {
        b: bare,
        t: turnComplete,
        c: toolCall({ id: 'function-call-1', name: 'get_weather' }),
        u: turnCompleteWithUsage(),
        i: interrupted,
        j: turnComplete,
      });
      expectObservable(source.pipe(modelTurns())).toBe('-----------|');
    });
  });

  it('reports a refused prompt, which has a reason but no content', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('r|', { r: content({ turnComplete: true, turnCompleteReason: 'PROHIBITED_INPUT_CONTENT' }) });
      expectObservable(source.pipe(modelTurns())).toBe('r|', { r: turn({ turnCompleteReason: 'PROHIBITED_INPUT_CONTENT' }) });
    });
  });

  it('keeps the last usage report of the turn, usage-only frames included', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-u-t|', {
        a: text('Hi'),
        u: frame({ usageMetadata: { totalTokenCount: 3 } }),
        t: turnComplete,
      });
      expectObservable(source.pipe(modelTurns())).toBe('----t|', {
        t: turn({ parts: [{ text: 'Hi' }], text: 'Hi', usage: { totalTokenCount: 3 } }),
      });
    });
  });

  it('drops a turn still open when the source completes, and keeps no state between subscriptions', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-t-b|', { a: text('Hi'), t: turnComplete, b: text('unfinished') });
      const hi = { t: turn({ parts: [{ text: 'Hi' }], text: 'Hi' }) };
      expectObservable(source.pipe(modelTurns())).toBe('--t--|', hi);
      expectObservable(source.pipe(modelTurns())).toBe('--t--|', hi);
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const hi = { t: turn({ parts: [{ text: 'Hi' }], text: 'Hi' }) };
      expectObservable(hot('a-t-a-#', { a: text('Hi'), t: turnComplete }).pipe(modelTurns())).toBe('--t---#', hi);
      const endless = hot('a-t-a-t', { a: text('Hi'), t: turnComplete });
      expectObservable(endless.pipe(modelTurns()), '^----!').toBe('--t--', hi);
      expectSubscriptions(endless.subscriptions).toBe('^----!');
    });
  });

  it('puts every part of any message sequence into exactly one turn, once the last turn completes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(liveServerMessage, { maxLength: 30 }), async (messages) => {
        const all = [...messages, turnComplete];
        const turns = await lastValueFrom(from(all).pipe(modelTurns(), toArray()));
        const deltas = await lastValueFrom(from(all).pipe(textDeltas(), toArray()));
        const partCount = all.reduce((sum, message) => sum + (message.serverContent?.modelTurn?.parts?.length ?? 0), 0);
        expect(turns.reduce((sum, turn) => sum + turn.parts.length, 0)).toBe(partCount);
        expect(turns.map((turn) => turn.text).join('')).toBe(deltas.join(''));
      }),
      { numRuns: 150 },
    );
  });
});
