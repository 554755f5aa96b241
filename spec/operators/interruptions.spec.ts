import { interruptions } from '../../lib/operators/interruptions';
import { audio, content, interrupted, text, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

describe('interruptions', () => {
  it('emits the serverContent of each barge-in and nothing else', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const withAudio = content({ interrupted: true, modelTurn: { parts: [] } });
      const source = hot('a-i-t-b-j-f|', {
        a: audio([1]),
        i: interrupted,
        t: turnComplete,
        b: text('again'),
        j: withAudio,
        f: content({ interrupted: false, turnComplete: true }),
      });
      expectObservable(source.pipe(interruptions())).toBe('--i-----j--|', { i: { interrupted: true }, j: withAudio.serverContent });
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('-i-#', { i: interrupted }).pipe(interruptions())).toBe('-i-#', { i: { interrupted: true } });
      const endless = hot('-i-i-i', { i: interrupted });
      expectObservable(endless.pipe(interruptions()), '^--!').toBe('-i-', { i: { interrupted: true } });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
