/**
 * A resumable session against a simulated service (spec/support/simulatedService.ts) in virtual time:
 * a fixed run of 200 history-only turns through every kind of fault, and a model-based property test
 * (fast-check `commands`) that issues handles, answers, drops, closes, goAways and failed setups at
 * random. Under the replay contract of docs/resilience.md, with a service whose latency the session
 * measured at setup, nothing reliable may be lost or doubled.
 */
import fc from 'fast-check';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveError } from '../../lib/errors';
import { createLiveSession, type LiveSession } from '../../lib/session/liveSession';
import { DEFAULT_OUTBOX_LIMITS } from '../../lib/session/outbox';
import type { ReconnectOptions } from '../../lib/session/reconnect';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { SocketReadyState } from '../../lib/transport/webSocketLike';
import { SimulatedService } from '../support/simulatedService';

/** One way; the measured round trip (120 ms) is above the in-flight window's floor, so the window is exact. */
const LATENCY_MS = 60;
const RECONNECT: ReconnectOptions = { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0, maxAttempts: 3, responseTimeoutMs: 5_000 };

interface Run {
  readonly service: SimulatedService;
  readonly session: LiveSession;
  readonly states: LiveSessionState[];
  readonly messages: LiveServerMessage[];
  readonly outcome: { error?: unknown; completed?: boolean };
  readonly written: string[];
  unsubscribe(): void;
}

function start(answerAfterMs?: number): Run {
  const service = new SimulatedService({ latencyMs: LATENCY_MS, ...(answerAfterMs === undefined ? {} : { answerAfterMs }) });
  const session = createLiveSession(
    { model: 'gemini-live-test', apiKey: 'AIzaModelSpecKey000000001', scheduler: service.scheduler, webSocketFactory: service.factory, reconnect: RECONNECT },
    () => {
      throw new Error('the simulated service must be used');
    },
  );
  const states: LiveSessionState[] = [];
  const messages: LiveServerMessage[] = [];
  const outcome: Run['outcome'] = {};
  const stateSubscription = session.state$.subscribe((state) => states.push(state));
  const subscription = session.subscribe({
    next: (message) => messages.push(message),
    error: (error: unknown) => (outcome.error = error),
    complete: () => (outcome.completed = true),
  });
  return {
    service,
    session,
    states,
    messages,
    outcome,
    written: [],
    unsubscribe: () => {
      subscription.unsubscribe();
      stateSubscription.unsubscribe();
    },
  };
}

function write(run: Run, turnComplete: boolean): void {
  const text = `turn ${run.written.length + 1}`;
  run.written.push(text);
  run.session.clientContent.next({ turns: text, turnComplete });
}

/** The conversation the server holds on its open connection. */
function conversation(run: Run): string[] {
  return run.service.current?.conversation ?? [];
}

/** After the last unsubscribe: no timer left on the scheduler, every socket closed. */
function expectCleanTeardown(run: Run): void {
  run.unsubscribe();
  run.service.advanceBy(10 * LATENCY_MS);
  expect(run.service.scheduler.actions.filter((action) => !action.closed)).toEqual([]);
  expect(run.service.connections.map((connection) => connection.client.readyState)).toEqual(run.service.connections.map(() => SocketReadyState.CLOSED));
}

describe('a resumable session against a simulated service', () => {
  it('200 history-only turns, 20 ms apart, through drops, 1011s, goAways and double faults: each turn exactly once, in order', () => {
    const run = start();
    // Handles come every 150 ms, answers every 200 ms, a fault every 600 ms, in a fixed rotation.
    const faults: ((service: SimulatedService) => void)[] = [
      (service) => service.drop(),
      (service) => service.close(1011, 'Internal error encountered.'),
      (service) => service.goAway(1_000),
      (service) => {
        service.drop();
        service.failingSetups = 1;
      },
      (service) => service.close(1011, 'Internal error encountered.'),
    ];
    let faultIndex = 0;
    for (let time = 0; run.written.length < 200; time += 10) {
      run.service.advanceTo(time);
      if (time % 20 === 0) write(run, false);
      if (time % 150 === 0) run.service.issueHandle();
      if (time % 600 === 400) faults[faultIndex++ % faults.length]?.(run.service);
      // Real progress now and then (a finished answer), so maxAttempts counts failures in a row only.
      if (time % 200 === 100) run.service.answer();
    }
    run.service.advanceBy(10_000);
    expect(run.outcome).toEqual({});
    expect(run.session.state.status).toBe('open');
    expect(run.service.connections.length).toBeGreaterThanOrEqual(7);
    expect(conversation(run)).toEqual(run.written);
    expect(run.messages.filter((message) => message.connectionReplaced !== undefined).length).toBeGreaterThanOrEqual(5);
    expectCleanTeardown(run);
  });

  it('model-based: random handles, answers and faults never lose or double a reliable frame, and respect maxAttempts', () => {
    type Command = fc.Command<Record<string, never>, Run>;
    const command = (name: string, act: (run: Run) => void): Command => ({
      check: () => true,
      run: (_model, run) => {
        act(run);
        const attempts = run.states.flatMap((state) => (state.status === 'reconnecting' && state.attempt !== undefined ? [state.attempt] : []));
        expect(Math.max(0, ...attempts)).toBeLessThanOrEqual(RECONNECT.maxAttempts ?? 0);
        expect(run.session.stats.pendingMessages).toBeLessThanOrEqual(DEFAULT_OUTBOX_LIMITS.maxPendingMessages);
      },
      toString: () => name,
    });
    const commands = [
      fc.boolean().map((complete) => command(`write(${complete})`, (run) => write(run, complete))),
      fc.integer({ min: 1, max: 400 }).map((ms) => command(`advance(${ms})`, (run) => run.service.advanceBy(ms))),
      fc.constant(command('handle', (run) => run.service.issueHandle())),
      fc.constant(command('answer', (run) => run.service.answer())),
      fc.constant(command('drop', (run) => run.service.drop())),
      fc.constantFrom(1011, 1001, 1013).map((code) => command(`close(${code})`, (run) => run.service.close(code, 'fault'))),
      fc.integer({ min: 0, max: 5_000 }).map((ms) => command(`goAway(${ms})`, (run) => run.service.goAway(ms))),
      fc.integer({ min: 1, max: 2 }).map((count) => command(`failSetups(${count})`, (run) => (run.service.failingSetups += count))),
    ];
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), (scenario) => {
        const run = start(300);
        fc.modelRun(() => ({ model: {}, real: run }), scenario);
        // Faults stop; the service heals and the session settles.
        run.service.failingSetups = 0;
        run.service.advanceBy(60_000);
        if (run.outcome.error === undefined) {
          expect(run.outcome).toEqual({});
          expect(run.session.state.status).toBe('open');
          expect(conversation(run)).toEqual(run.written);
        } else {
          // It gave up after maxAttempts failures in a row: a typed, retryable error, and nothing lost
          // up to the last handle (what the server had is a prefix of what was written, in order).
          expect(run.outcome.error).toBeInstanceOf(LiveError);
          expect((run.outcome.error as LiveError).retryable).toBe(true);
          expect(run.states.at(-1)).toMatchObject({ status: 'closed' });
          const kept = run.service.connections.at(-1)?.conversation ?? [];
          expect(run.written.slice(0, kept.length)).toEqual(kept);
        }
        expectCleanTeardown(run);
      }),
      { numRuns: 150 },
    );
  });
});
