import { goAwayNotices } from '../../lib/operators/goAwayNotices';
import { frame, goAway, text } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

describe('goAwayNotices', () => {
  it('reads timeLeft as milliseconds, and an unreadable or missing one as 0 (act now)', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-d-e-f|', {
        a: goAway('50s'),
        b: text('hi'),
        c: goAway('9.5s'),
        d: goAway('0.000500s'),
        e: goAway('soon'),
        f: frame({ goAway: {} }),
      });
      expectObservable(source.pipe(goAwayNotices())).toBe('a---c-d-e-f|', {
        a: { timeLeftMs: 50000 },
        c: { timeLeftMs: 9500 },
        d: { timeLeftMs: 1 },
        e: { timeLeftMs: 0 },
        f: { timeLeftMs: 0 },
      });
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('-g-#', { g: goAway('1s') }).pipe(goAwayNotices())).toBe('-g-#', { g: { timeLeftMs: 1000 } });
      const endless = hot('-g-g-g', { g: goAway('1s') });
      expectObservable(endless.pipe(goAwayNotices()), '^--!').toBe('-g-', { g: { timeLeftMs: 1000 } });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
