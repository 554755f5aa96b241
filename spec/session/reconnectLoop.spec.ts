/**
 * The reconnect loop on its own: `resumableConnection` over scripted connections (marble Observables
 * of server messages) instead of sockets, on a TestScheduler, so every timing is exact.
 */
import { Observable, type Subscription } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveCloseError, LiveOutboxOverflowError, LiveResponseTimeoutError, LiveServerError } from '../../lib/errors';
import { DEFAULT_OUTBOX_LIMITS, Outbox } from '../../lib/session/outbox';
import { type ReconnectOptions, reconnectPolicy } from '../../lib/session/reconnect';
import { HEALTHY_CONNECTION_MS, resumableConnection } from '../../lib/session/resumableConnection';
import { Resumption } from '../../lib/session/resumption';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { testScheduler } from '../support/marbles';

const FAST: ReconnectOptions = { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0, maxAttempts: 3, responseTimeoutMs: 500 };
const MAX_TIMER_MS = 2 ** 31 - 1;

const VALUES: Record<string, LiveServerMessage> = {
  s: { setupComplete: {} },
  h: { sessionResumptionUpdate: { newHandle: 'h1', resumable: true } },
  m: { serverContent: { modelTurn: { parts: [{ text: 'words' }] } } },
  t: { serverContent: { turnComplete: true } },
  g: { goAway: { timeLeft: '50s' } },
  G: { goAway: { timeLeft: '3000000s' } },
};
const FAILURE = new LiveServerError('Internal error encountered.', true);

interface Loop {
  /** `time:what` for each message the loop emitted (`replaced:reason` for the marker). */
  readonly seen: string[];
  /** When each connection was opened, and with which handle. */
  readonly connects: { readonly at: number; readonly handle: string | undefined }[];
  readonly states: LiveSessionState[];
  readonly outcome: { error?: unknown };
  readonly outbox: Outbox;
  readonly subscription: Subscription;
}

/**
 * Runs the loop; connection `index` plays `scripts(index)`. Like `connection()`, a connection attaches
 * the outbox at `setupComplete`, detaches it when it ends, and reports its socket released at once.
 */
function run(scheduler: TestScheduler, scripts: (index: number) => Observable<LiveServerMessage>, options: ReconnectOptions = FAST, maxLogged = 256): Loop {
  const policy = reconnectPolicy({ ...FAST, ...options });
  if (policy === undefined) throw new Error('reconnect expected');
  const resumption = new Resumption(maxLogged, scheduler);
  const outbox = new Outbox(DEFAULT_OUTBOX_LIMITS, scheduler, resumption);
  const loop: Omit<Loop, 'subscription'> = { seen: [], connects: [], states: [], outcome: {}, outbox };
  const source = resumableConnection({
    policy,
    resumption,
    outbox,
    scheduler,
    setState: (state) => loop.states.push(state),
    initialHandle: undefined,
    connect: (handle, hooks) =>
      new Observable<LiveServerMessage>((subscriber) => {
        loop.connects.push({ at: scheduler.now(), handle });
        hooks.setupSent();
        const inner = scripts(loop.connects.length - 1).subscribe({
          next: (message) => {
            if (message.setupComplete !== undefined) outbox.attach({ bufferedAmount: 0, send: () => undefined });
            subscriber.next(message);
          },
          error: (error: unknown) => {
            outbox.detach();
            subscriber.error(error);
          },
        });
        return () => {
          inner.unsubscribe();
          outbox.detach();
          hooks.released();
        };
      }),
  });
  const subscription = source.subscribe({
    next: (message) =>
      loop.seen.push(`${scheduler.now()}:${message.connectionReplaced === undefined ? Object.keys(message)[0] : `replaced:${message.connectionReplaced.reason}`}`),
    error: (error: unknown) => (loop.outcome.error = error),
  });
  return { ...loop, subscription };
}

/** A clientContent that completes a turn, written at `time`: an answer is due from then on. */
function askAt(scheduler: TestScheduler, loop: Loop, time: number): void {
  scheduler.schedule(() => loop.outbox.sendReliable(JSON.stringify({ clientContent: { turnComplete: true } }), 'clientContent'), time);
}

const attempts = (loop: Loop): (number | undefined)[] => loop.states.filter((state) => state.status === 'reconnecting').map((state) => state.attempt);

describe('the reconnect loop', () => {
  describe('the connectionReplaced marker', () => {
    it('comes after the old connection’s last message and before the next one’s first, once per replaced connection', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, (index) => (index === 0 ? cold('-s-h-m-#', VALUES, FAILURE) : cold('-s', VALUES)));
        scheduler.flush();
        expect(loop.seen).toEqual(['1:setupComplete', '3:sessionResumptionUpdate', '5:serverContent', '7:replaced:closed', '108:setupComplete']);
        loop.subscription.unsubscribe();
      });
    });

    it('says goAway for a planned rotation, and unresponsive for a silent connection', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const rotated = run(scheduler, (index) => (index === 0 ? cold('-s-h-g', VALUES) : cold('-s', VALUES)));
        const silent = run(scheduler, (index) => (index === 0 ? cold('-s-h', VALUES) : cold('-s-t', VALUES)));
        askAt(scheduler, silent, 10);
        scheduler.flush();
        expect(rotated.seen).toEqual(['1:setupComplete', '3:sessionResumptionUpdate', '5:goAway', '5:replaced:goAway', '6:setupComplete']);
        expect(silent.seen).toEqual(['1:setupComplete', '3:sessionResumptionUpdate', '510:replaced:unresponsive', '611:setupComplete', '613:serverContent']);
        rotated.subscription.unsubscribe();
        silent.subscription.unsubscribe();
      });
    });

    it('is not emitted for an attempt that never reached setupComplete, nor when the session ends', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, (index) => (index < 2 ? cold('-#', VALUES, FAILURE) : cold('-s-h-#', VALUES, new LiveCloseError(1007, 'bad', true, false))));
        scheduler.flush();
        expect(loop.seen).toEqual(['303:setupComplete', '305:sessionResumptionUpdate']);
        expect(loop.outcome.error).toBeInstanceOf(LiveCloseError);
      });
    });
  });

  describe('maxAttempts and progress', () => {
    it('a handle is not progress: setupComplete, a handle, then a failure, again and again, gives up after maxAttempts', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, () => cold('-s-h-#', VALUES, FAILURE));
        scheduler.flush();
        expect(loop.connects.map((connect) => connect.at)).toEqual([0, 105, 310, 715]);
        expect(attempts(loop)).toEqual([1, 2, 3]);
        expect(loop.outcome.error).toBe(FAILURE);
      });
    });

    it('a finished model turn is progress: the count starts over', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, () => cold('-s-h-t-#', VALUES, FAILURE));
        scheduler.schedule(() => loop.subscription.unsubscribe(), 1_000);
        scheduler.flush();
        expect(loop.connects.length).toBeGreaterThan(5);
        expect(new Set(attempts(loop))).toEqual(new Set([1]));
        expect(loop.outcome).toEqual({});
      });
    });

    it('partial content is not progress: a server that starts every answer and dies is given up on', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, () => cold('-s-h-m-#', VALUES, FAILURE));
        scheduler.flush();
        expect(loop.connects).toHaveLength(4);
        expect(loop.outcome.error).toBe(FAILURE);
      });
    });

    it(`a connection open for ${HEALTHY_CONNECTION_MS} ms with no answer due is progress; with an answer overdue it is not`, () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const healthy = run(scheduler, () => cold(`-s-h ${HEALTHY_CONNECTION_MS}ms #`, VALUES, FAILURE), { ...FAST, responseTimeoutMs: 60_000 });
        const waiting = run(scheduler, () => cold(`-s-h ${HEALTHY_CONNECTION_MS}ms #`, VALUES, FAILURE), { ...FAST, responseTimeoutMs: 60_000 });
        for (const time of [5, 10_200, 20_500, 31_000]) askAt(scheduler, waiting, time);
        scheduler.schedule(() => healthy.subscription.unsubscribe(), 60_000);
        scheduler.flush();
        expect(new Set(attempts(healthy))).toEqual(new Set([1]));
        expect(healthy.connects.length).toBeGreaterThan(4);
        expect(attempts(waiting)).toEqual([1, 2, 3]);
        expect(waiting.outcome.error).toBe(FAILURE);
      });
    });

    it('a goAway before setupComplete is a failure: it backs off and counts', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, () => cold('-g', VALUES), { ...FAST, maxAttempts: 2 });
        scheduler.flush();
        expect(loop.connects.map((connect) => connect.at)).toEqual([0, 101, 302]);
        expect(loop.outcome.error).toMatchObject({ closeCode: 1001, retryable: true });
        expect(loop.seen.filter((entry) => entry.includes('replaced'))).toEqual([]);
      });
    });
  });

  describe('a replay log that overflowed', () => {
    it('ends the session with LiveOutboxOverflowError instead of resuming without the frames it lost', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, (index) => (index === 0 ? cold('-s-h-----#', VALUES, FAILURE) : cold('-s', VALUES)), FAST, 2);
        for (const time of [5, 6, 7]) {
          scheduler.schedule(() => loop.outbox.sendReliable(JSON.stringify({ clientContent: { turnComplete: false } }), 'clientContent'), time);
        }
        scheduler.flush();
        expect(loop.connects).toHaveLength(1);
        expect(loop.outcome.error).toBeInstanceOf(LiveOutboxOverflowError);
        expect(loop.outcome.error).toMatchObject({ sink: 'replay log', limit: 2, cause: FAILURE });
      });
    });
  });

  describe('goAway', () => {
    it('with a timeLeft no timer can hold, rotates at the longest delay a timer holds, not at once', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, (index) => (index === 0 ? cold('-s-h-m-G', VALUES) : cold('-s', VALUES)));
        scheduler.flush();
        expect(loop.connects.map((connect) => connect.at)).toEqual([0, 7 + MAX_TIMER_MS]);
        expect(loop.connects[1]?.handle).toBe('h1');
      });
    });
  });

  describe('silence', () => {
    it('counts from the newest server message while an answer is due: a server that stops mid-answer is replaced', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, (index) => (index === 0 ? cold('-s-h 295ms m', VALUES) : cold('-s-t', VALUES)));
        askAt(scheduler, loop, 10);
        scheduler.flush();
        // Asked at 10; the partial answer at 299 restarts the count; 500 ms of silence after it.
        expect(loop.seen).toEqual(['1:setupComplete', '3:sessionResumptionUpdate', '299:serverContent', '799:replaced:unresponsive', '900:setupComplete', '902:serverContent']);
        loop.subscription.unsubscribe();
      });
    });

    it('is not watched once the answer ended, nor after a history-only turn', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, () => cold('-s-h-----t', VALUES));
        askAt(scheduler, loop, 5);
        scheduler.schedule(() => loop.outbox.sendReliable(JSON.stringify({ clientContent: { turnComplete: false } }), 'clientContent'), 20);
        scheduler.schedule(() => loop.subscription.unsubscribe(), 100_000);
        scheduler.flush();
        expect(loop.connects).toHaveLength(1);
      });
    });

    it('with nothing to resume into (no handle yet), ends with LiveResponseTimeoutError', () => {
      const scheduler = testScheduler();
      scheduler.run(({ cold }) => {
        const loop = run(scheduler, () => cold('-s', VALUES));
        askAt(scheduler, loop, 5);
        scheduler.flush();
        expect(loop.connects).toHaveLength(1);
        expect(loop.outcome.error).toBeInstanceOf(LiveResponseTimeoutError);
        expect(loop.states.at(-1)).toMatchObject({ status: 'closed', error: expect.any(LiveResponseTimeoutError) });
      });
    });
  });
});
