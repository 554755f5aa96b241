/** Unit specs of `Outbox` on its own: a fake target whose `bufferedAmount` the test sets. */
import { TestScheduler } from 'rxjs/testing';
import { LiveConfigError, LiveOutboxOverflowError } from '../../lib/errors';
import { DEFAULT_OUTBOX_LIMITS, Outbox, type OutboxLimits, type OutboxLog, outboxLimits, type OutboxTarget } from '../../lib/session/outbox';
import { testScheduler } from '../support/marbles';

class FakeTarget implements OutboxTarget {
  bufferedAmount = 0;
  readonly sent: string[] = [];
  send(frame: string): void {
    this.sent.push(frame);
  }
}

const LIMITS: OutboxLimits = { ...DEFAULT_OUTBOX_LIMITS, maxPendingMessages: 3, maxPendingSignals: 2, maxPendingRealtime: 2, highWaterMark: 100, drainIntervalMs: 10 };

function outbox(scheduler: TestScheduler = testScheduler(), log?: OutboxLog, limits: OutboxLimits = LIMITS): Outbox {
  return new Outbox(limits, scheduler, log);
}

describe('Outbox', () => {
  it('holds everything until attached, then writes it in call order', () => {
    const box = outbox();
    box.sendReliable('c1', 'clientContent');
    box.sendRealtime('a1', true);
    box.sendRealtime('t1', false);
    box.sendReliable('r1', 'toolResponse');
    const target = new FakeTarget();
    box.attach(target);
    expect(target.sent).toEqual(['c1', 'a1', 't1', 'r1']);
    expect(box.stats).toEqual({ pendingMessages: 0, pendingRealtime: 0, realtimeDropped: 0, framesSent: 4, charsSent: 8 });
  });

  it('writes straight through while attached and below the high-water mark', () => {
    const box = outbox();
    const target = new FakeTarget();
    box.attach(target);
    box.sendReliable('c1', 'clientContent');
    box.sendRealtime('a1', true);
    expect(target.sent).toEqual(['c1', 'a1']);
  });

  it('refuses the reliable message beyond maxPendingMessages while detached, keeping the others', () => {
    const box = outbox();
    for (const frame of ['c1', 'c2', 'c3']) box.sendReliable(frame, 'clientContent');
    expect(() => box.sendReliable('c4', 'contextUpdate')).toThrow(new LiveOutboxOverflowError('contextUpdate', 3));
    expect(box.stats.pendingMessages).toBe(3);
  });

  it('refuses the signal beyond maxPendingSignals while detached, and never drops signals', () => {
    const box = outbox();
    box.sendRealtime('s1', false);
    box.sendRealtime('s2', false);
    let refused: unknown;
    try {
      box.sendRealtime('s3', false);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(LiveOutboxOverflowError);
    expect(refused).toMatchObject({ sink: 'realtimeInput', limit: 2 });
    const target = new FakeTarget();
    box.attach(target);
    expect(target.sent).toEqual(['s1', 's2']);
  });

  it('writes nothing while the socket is over the high-water mark: reliable frames wait too, under their limit', () => {
    const scheduler = testScheduler();
    const box = outbox(scheduler);
    const target = new FakeTarget();
    box.attach(target);
    target.bufferedAmount = 101;
    box.sendReliable('c1', 'clientContent');
    box.sendRealtime('s1', false);
    box.sendReliable('c2', 'toolResponse');
    box.sendReliable('c3', 'clientContent');
    expect(() => box.sendReliable('c4', 'clientContent')).toThrow(LiveOutboxOverflowError);
    expect(target.sent).toEqual([]);
    expect(box.stats).toMatchObject({ pendingMessages: 3, pendingRealtime: 1 });
    // The socket drains: the next check writes everything, in order.
    target.bufferedAmount = 0;
    scheduler.flush();
    expect(target.sent).toEqual(['c1', 's1', 'c2', 'c3']);
    expect(box.stats).toMatchObject({ pendingMessages: 0, pendingRealtime: 0 });
  });

  it('applies the limits while media blocks the head of the queue, not only while detached', () => {
    const box = outbox();
    const target = new FakeTarget();
    box.attach(target);
    target.bufferedAmount = 101;
    box.sendRealtime('a1', true);
    for (const frame of ['c1', 'c2', 'c3']) box.sendReliable(frame, 'clientContent');
    expect(() => box.sendReliable('c4', 'clientContent')).toThrow(LiveOutboxOverflowError);
    expect(box.stats.pendingMessages).toBe(3);
  });

  it('checks a congested socket again every drainIntervalMs, and stops checking once detached', () => {
    const scheduler = testScheduler();
    scheduler.run(({ flush }) => {
      const box = outbox(scheduler);
      const target = new FakeTarget();
      box.attach(target);
      target.bufferedAmount = 101;
      box.sendReliable('c1', 'clientContent');
      scheduler.schedule(() => expect(target.sent).toEqual([]), 25);
      scheduler.schedule(() => (target.bufferedAmount = 0), 25);
      scheduler.schedule(() => expect(target.sent).toEqual(['c1']), 31); // rechecked at 20 (still full), written at 30
      flush();
      target.bufferedAmount = 101;
      box.sendReliable('c2', 'clientContent');
      box.detach();
      target.bufferedAmount = 0;
      flush();
      expect(target.sent).toEqual(['c1']);
      expect(box.stats.pendingMessages).toBe(1);
    });
  });

  it('drops the oldest media beyond maxPendingRealtime and counts it, keeping signals and messages', () => {
    const box = outbox();
    box.sendRealtime('a1', true);
    box.sendReliable('c1', 'clientContent');
    box.sendRealtime('a2', true);
    box.sendRealtime('a3', true);
    expect(box.stats).toMatchObject({ pendingMessages: 1, pendingRealtime: 2, realtimeDropped: 1 });
    const target = new FakeTarget();
    box.attach(target);
    expect(target.sent).toEqual(['c1', 'a2', 'a3']);
  });

  it('drops waiting media when the connection is gone and keeps the rest for the next one', () => {
    const box = outbox();
    const target = new FakeTarget();
    box.attach(target);
    target.bufferedAmount = 101;
    box.sendRealtime('a1', true);
    box.sendReliable('c1', 'clientContent');
    box.sendRealtime('s1', false);
    box.detach();
    expect(box.stats).toMatchObject({ pendingMessages: 1, pendingRealtime: 1, realtimeDropped: 1 });
    const next = new FakeTarget();
    box.attach(next);
    expect(next.sent).toEqual(['c1', 's1']);
  });

  it('clear() empties the queue at the end of a conversation; later values are kept for the next one', () => {
    const box = outbox();
    box.sendReliable('c1', 'toolResponse');
    box.sendRealtime('s1', false);
    box.sendRealtime('a1', true);
    box.clear();
    expect(box.stats).toMatchObject({ pendingMessages: 0, pendingRealtime: 0, realtimeDropped: 1 });
    box.sendReliable('c2', 'clientContent');
    const target = new FakeTarget();
    box.attach(target);
    expect(target.sent).toEqual(['c2']);
  });

  it('requeues replayed frames ahead of what never left, beyond the limit, and rewrites or removes waiting ones', () => {
    const box = outbox();
    box.sendReliable('c3', 'clientContent');
    box.requeue([
      { frame: 'c1', sink: 'clientContent' },
      { frame: 'r1', sink: 'toolResponse' },
      { frame: 'c2', sink: 'clientContent' },
    ]);
    box.sendRealtime('s1', false);
    expect(box.stats.pendingMessages).toBe(4);
    box.retainReliable((frame, sink) => (sink === 'toolResponse' ? undefined : frame === 'c2' ? 'c2*' : frame));
    expect(box.stats.pendingMessages).toBe(3);
    const target = new FakeTarget();
    box.attach(target);
    expect(target.sent).toEqual(['c1', 'c2*', 'c3', 's1']);
  });

  it('tells its log when it attaches and what it writes, with the sink of reliable frames', () => {
    const events: string[] = [];
    const box = outbox(testScheduler(), { attached: () => events.push('attached'), wrote: (frame, sink) => events.push(`${frame}:${sink ?? '-'}`) });
    box.sendReliable('c1', 'clientContent');
    box.sendRealtime('a1', true);
    box.attach(new FakeTarget());
    expect(events).toEqual(['attached', 'c1:clientContent', 'a1:-']);
  });
});

describe('outboxLimits', () => {
  it('fills in the defaults', () => {
    expect(outboxLimits(undefined)).toEqual(DEFAULT_OUTBOX_LIMITS);
    expect(outboxLimits({ maxPendingSignals: 8 })).toEqual({ ...DEFAULT_OUTBOX_LIMITS, maxPendingSignals: 8 });
  });

  it.each([
    [{ maxPendingMessages: -1 }, 'outbox.maxPendingMessages'],
    [{ maxPendingSignals: Number.NaN }, 'outbox.maxPendingSignals'],
    [{ maxPendingRealtime: 1.5 }, 'outbox.maxPendingRealtime'],
    [{ highWaterMark: Number.POSITIVE_INFINITY }, 'outbox.highWaterMark'],
    [{ drainIntervalMs: 0 }, 'outbox.drainIntervalMs'],
    [{ drainIntervalMs: 2 ** 31 }, 'outbox.drainIntervalMs'],
  ])('refuses %p with LiveConfigError at %s, so a typo cannot turn a bound off', (given, path) => {
    expect(() => outboxLimits(given)).toThrow(LiveConfigError);
    expect(() => outboxLimits(given)).toThrow(expect.objectContaining({ path }) as Error);
  });
});
