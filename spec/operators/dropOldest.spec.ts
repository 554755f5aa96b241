import { Subject } from 'rxjs';
import { LiveConfigError } from '../../lib/errors';
import { boundedFifo } from '../../lib/operators/boundedFifo';
import { dropOldest } from '../../lib/operators/dropOldest';
import type { QueueStats } from '../../lib/operators/gatedQueue';
import { testScheduler } from '../support/marbles';

const gateValues = { o: true, c: false };

describe('dropOldest', () => {
  it('passes values straight through while the gate is open', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('o', gateValues);
      expectObservable(hot('-a-b-c|').pipe(dropOldest({ limit: 2, gate }))).toBe('-a-b-c|');
    });
  });

  it('holds values while closed, drops the oldest beyond the limit, and flushes in order on open', () => {
    const dropped: string[] = [];
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('o-c-------o--', gateValues);
      const source = hot('-a--b-c-d-----e|');
      expectObservable(source.pipe(dropOldest({ limit: 2, gate, onDrop: (value) => dropped.push(value) }))).toBe('-a--------(cd)e|');
    });
    expect(dropped).toEqual(['b']);
  });

  it('waits while the gate has not emitted yet', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const gate = cold('---o', gateValues);
      expectObservable(hot('ab-----c|').pipe(dropOldest({ limit: 5, gate }))).toBe('---(ab)c|');
    });
  });

  it('drops everything that arrives while closed with limit 0', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('c---o', gateValues);
      expectObservable(hot('-ab---c|').pipe(dropOldest({ limit: 0, gate }))).toBe('------c|');
    });
  });

  it('reports depth and drops after every change', () => {
    const seen: QueueStats[] = [];
    const stats = new Subject<QueueStats>();
    stats.subscribe((value) => seen.push(value));
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('c---o', gateValues);
      expectObservable(hot('-abc-----d|').pipe(dropOldest({ limit: 2, gate, stats }))).toBe('----(bc)-d|');
    });
    expect(seen).toEqual([
      { depth: 0, dropped: 0 },
      { depth: 1, dropped: 0 },
      { depth: 2, dropped: 0 },
      { depth: 2, dropped: 1 },
      { depth: 0, dropped: 1 },
    ]);
  });

  it('completes once what waits is sent, and errors at once, discarding it', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const gate = hot('c----o', gateValues);
      expectObservable(hot('-a-|').pipe(dropOldest({ limit: 2, gate }))).toBe('-----(a|)');
      expectObservable(hot('-a-#').pipe(dropOldest({ limit: 2, gate }))).toBe('---#');
    });
  });

  it('errors when the gate errors, and unsubscribes from source and gate', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const failingGate = hot('o--#', gateValues);
      expectObservable(hot('-a----').pipe(dropOldest({ limit: 2, gate: failingGate }))).toBe('-a-#');
      const gate = hot('o-----', gateValues);
      const source = hot('-a-b-c');
      expectObservable(source.pipe(dropOldest({ limit: 2, gate })), '^--!').toBe('-a-');
      expectSubscriptions(source.subscriptions).toBe('^--!');
      expectSubscriptions(gate.subscriptions).toBe('^--!');
    });
  });

  it('lets a subscriber close the gate while values are flushed', () => {
    const received: string[] = [];
    const gate = new Subject<boolean>();
    const source = new Subject<string>();
    source.pipe(dropOldest({ limit: 5, gate })).subscribe((value) => {
      received.push(value);
      if (value === 'a') gate.next(false);
    });
    gate.next(false);
    source.next('a');
    source.next('b');
    gate.next(true);
    expect(received).toEqual(['a']);
    gate.next(true);
    expect(received).toEqual(['a', 'b']);
  });

  it('refuses a limit that is not a non-negative integer', () => {
    expect(() => dropOldest({ limit: -1 })).toThrow(LiveConfigError);
    expect(() => dropOldest({ limit: 1.5 })).toThrow(expect.objectContaining({ kind: 'config', path: 'dropOldest.limit' }));
    expect(() => boundedFifo({ limit: -1 })).toThrow(expect.objectContaining({ kind: 'config', path: 'boundedFifo.limit' }));
  });
});
