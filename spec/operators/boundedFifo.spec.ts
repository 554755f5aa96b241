import { BehaviorSubject, Subject } from 'rxjs';
import { boundedFifo } from '../../lib/operators/boundedFifo';
import { LiveOutboxOverflowError } from '../../lib/errors';
import { testScheduler } from '../support/marbles';

const gateValues = { o: true, c: false };

describe('boundedFifo', () => {
  it('passes values straight through while the gate is open, and without a gate', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      expectObservable(hot('-a-b|').pipe(boundedFifo({ limit: 1, gate: hot('o', gateValues) }))).toBe('-a-b|');
      expectObservable(hot('-a-b|').pipe(boundedFifo({ limit: 0 }))).toBe('-a-b|');
    });
  });

  it('holds up to limit values in order while closed and sends them all when it opens', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('c-----o-c--o', gateValues);
      expectObservable(hot('-a-b-c---d--|').pipe(boundedFifo({ limit: 3, gate }))).toBe('------(abc)d|');
    });
  });

  it('errors with LiveOutboxOverflowError rather than drop a value', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('c', gateValues);
      expectObservable(hot('-a-b-c|').pipe(boundedFifo({ limit: 2, gate, name: 'toolResponse' }))).toBe(
        '-----#',
        undefined,
        new LiveOutboxOverflowError('toolResponse', 2),
      );
    });
  });

  it('completes after the last value waiting is sent, and errors and unsubscribes at once', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const gate = hot('c---o', gateValues);
      expectObservable(hot('-a|').pipe(boundedFifo({ limit: 2, gate }))).toBe('----(a|)');
      expectObservable(hot('-a#').pipe(boundedFifo({ limit: 2, gate }))).toBe('--#');
      const source = hot('-a-b----c-c');
      expectObservable(source.pipe(boundedFifo({ limit: 5, gate })), '^---------!').toBe('----(ab)c-');
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
  });

  it('does not overflow on values a subscriber sends while the queue is being flushed', () => {
    const gate = new BehaviorSubject(false);
    const source = new Subject<string>();
    const received: string[] = [];
    let failure: unknown;
    source.pipe(boundedFifo({ limit: 1, gate })).subscribe({
      next: (value) => {
        received.push(value);
        if (value === 'a') {
          source.next('b');
          source.next('c');
        }
      },
      error: (error: unknown) => (failure = error),
    });
    source.next('a');
    gate.next(true);
    expect(failure).toBeUndefined();
    expect(received).toEqual(['a', 'b', 'c']);
  });
});
