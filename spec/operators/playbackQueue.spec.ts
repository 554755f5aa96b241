import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { AudioChunk } from '../../lib/operators/toAudioChunk';
import { audioChunks } from '../../lib/operators/audioChunks';
import { playbackQueue } from '../../lib/operators/playbackQueue';
import { audio, content, interrupted, pcmBase64, text, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';
import { liveServerMessage } from '../support/serverMessageArbitraries';

const pcm = (samples: number[]) => ({ samples: new Int16Array(samples), sampleRate: 24000, mimeType: 'audio/pcm;rate=24000' });
const play = (samples: number[]) => ({ kind: 'play', chunk: pcm(samples) });
const flush = { kind: 'flush' };

describe('playbackQueue', () => {
  it('plays each audio chunk of a turn in order, and ignores text', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-x-t|', { a: audio([1]), b: audio([2, 3]), x: text('caption'), t: turnComplete });
      expectObservable(source.pipe(playbackQueue())).toBe('a-b----|', { a: play([1]), b: play([2, 3]) });
    });
  });

  it('flushes at once on interrupted and drops the stale audio up to the turnComplete, then plays the next turn', () => {
    const stale: AudioChunk[] = [];
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-i-l-t-n-|', {
        a: audio([1]),
        i: content({ interrupted: true, modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcmBase64([2]) } }] } }),
        l: audio([3]),
        t: content({ turnComplete: true, modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcmBase64([4]) } }] } }),
        n: audio([5]),
      });
      expectObservable(source.pipe(playbackQueue({ onStale: (chunk) => stale.push(chunk) }))).toBe('a-f-----n-|', {
        a: play([1]),
        f: flush,
        n: play([5]),
      });
    });
    expect(stale).toEqual([pcm([2]), pcm([3]), pcm([4])]);
  });

  it('flushes on every interrupted, even with nothing playing', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('i-t-i-t|', { i: interrupted, t: turnComplete });
      expectObservable(source.pipe(playbackQueue())).toBe('f---f--|', { f: flush });
    });
  });

  it('keeps no state between subscriptions', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('i-a|', { i: interrupted, a: audio([1]) });
      expectObservable(source.pipe(playbackQueue())).toBe('f--|', { f: flush });
      expectObservable(source.pipe(playbackQueue())).toBe('f--|', { f: flush });
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('-a-#', { a: audio([1]) }).pipe(playbackQueue())).toBe('-a-#', { a: play([1]) });
      const endless = hot('-a-i-a', { a: audio([1]), i: interrupted });
      expectObservable(endless.pipe(playbackQueue()), '^--!').toBe('-a-', { a: play([1]) });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });

  it('plays or reports as stale every chunk of any message sequence, and flushes once per interrupted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(liveServerMessage, { maxLength: 30 }), async (messages) => {
        let stale = 0;
        const commands = await lastValueFrom(from(messages).pipe(playbackQueue({ onStale: () => (stale += 1) }), toArray()));
        const chunks = await lastValueFrom(from(messages).pipe(audioChunks(), toArray()));
        const played = commands.filter((command) => command.kind === 'play').length;
        expect(played + stale).toBe(chunks.length);
        expect(commands.length - played).toBe(messages.filter((message) => message.serverContent?.interrupted === true).length);
      }),
      { numRuns: 150 },
    );
  });
});
