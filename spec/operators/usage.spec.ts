import { usage } from '../../lib/operators/usage';
import { content, frame, interrupted, text, turnComplete, turnCompleteWithUsage, usageReport } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const totals = (prompt: number, response: number, total: number, turns: number, extra: Partial<Record<string, number>> = {}) => ({
  promptTokenCount: prompt,
  cachedContentTokenCount: 0,
  responseTokenCount: response,
  toolUsePromptTokenCount: 0,
  thoughtsTokenCount: 0,
  totalTokenCount: total,
  turns,
  ...extra,
});

describe('usage', () => {
  it('adds up the report of each turn, emitting after every report', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-d|', {
        a: text('Hi'),
        b: turnCompleteWithUsage(usageReport(1)),
        c: text('Again'),
        d: turnCompleteWithUsage(usageReport(2)),
      });
      expectObservable(source.pipe(usage())).toBe('--b---d|', { b: totals(515, 31, 546, 1), d: totals(1545, 93, 1638, 2) });
    });
  });

  it('counts the latest report of a turn once, however many come before turnComplete', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-d-e|', {
        a: frame({ usageMetadata: { promptTokenCount: 100, totalTokenCount: 100 } }),
        b: content({ modelTurn: { parts: [{ text: 'Hi' }] } }, { promptTokenCount: 100, responseTokenCount: 5, totalTokenCount: 105 }),
        c: turnCompleteWithUsage({ promptTokenCount: 100, responseTokenCount: 9, totalTokenCount: 109 }),
        d: turnComplete,
        e: frame({ usageMetadata: { promptTokenCount: 200, totalTokenCount: 200 } }),
      });
      expectObservable(source.pipe(usage())).toBe('a-b-c---e|', {
        a: totals(100, 0, 100, 1),
        b: totals(100, 5, 105, 1),
        c: totals(100, 9, 109, 1),
        e: totals(300, 9, 309, 2),
      });
    });
  });

  it("sums every count field and reads Vertex's candidatesTokenCount as the response count", () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b|', {
        a: turnCompleteWithUsage({
          promptTokenCount: 10,
          cachedContentTokenCount: 4,
          candidatesTokenCount: 3,
          toolUsePromptTokenCount: 2,
          thoughtsTokenCount: 1,
          totalTokenCount: 16,
        }),
        b: content({ interrupted: true }, { responseTokenCount: 7, totalTokenCount: 7 }),
      });
      expectObservable(source.pipe(usage())).toBe('a-b|', {
        a: totals(10, 3, 16, 1, { cachedContentTokenCount: 4, toolUsePromptTokenCount: 2, thoughtsTokenCount: 1 }),
        b: totals(10, 10, 23, 2, { cachedContentTokenCount: 4, toolUsePromptTokenCount: 2, thoughtsTokenCount: 1 }),
      });
    });
  });

  it('emits nothing without reports, and starts from zero on each subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-i-t-u|', { a: text('x'), i: interrupted, t: turnComplete, u: turnCompleteWithUsage() });
      expectObservable(source.pipe(usage())).toBe('------u|', { u: totals(515, 31, 546, 1) });
      expectObservable(source.pipe(usage())).toBe('------u|', { u: totals(515, 31, 546, 1) });
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('-u-#', { u: turnCompleteWithUsage() }).pipe(usage())).toBe('-u-#', { u: totals(515, 31, 546, 1) });
      const endless = hot('-u-u-u', { u: turnCompleteWithUsage() });
      expectObservable(endless.pipe(usage()), '^--!').toBe('-u-', { u: totals(515, 31, 546, 1) });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
