import type { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import { LiveConfigError, LiveInvalidArgumentError, LiveResponseTimeoutError, LiveServerError } from '../../lib/errors';
import { createLiveSession, type LiveSession } from '../../lib/session/liveSession';
import type { LiveSessionOptions } from '../../lib/session/options';
import { backoffDelay, reconnectPolicy, type ReconnectOptions } from '../../lib/session/reconnect';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { type FakeSocket, type FakeSocketAction, scriptedSocketFactory } from '../../lib/testing/fakeSocket';
import { testScheduler } from '../support/marbles';

const open: FakeSocketAction = (socket) => socket.open();
const ready: FakeSocketAction = (socket) => socket.receive({ setupComplete: {} });
const handle =
  (newHandle: string, lastConsumedClientMessageIndex?: string): FakeSocketAction =>
  (socket) =>
    socket.receive({ sessionResumptionUpdate: { newHandle, resumable: true, ...(lastConsumedClientMessageIndex === undefined ? {} : { lastConsumedClientMessageIndex }) } });
const busy: FakeSocketAction = (socket) => socket.receive({ sessionResumptionUpdate: { resumable: false } });
const close =
  (code: number, reason = ''): FakeSocketAction =>
  (socket) =>
    socket.serverClose(code, reason);
const drop: FakeSocketAction = (socket) => socket.drop();
const say =
  (text: string): FakeSocketAction =>
  (socket) =>
    socket.receive({ serverContent: { modelTurn: { parts: [{ text }] } } });
const turnDone: FakeSocketAction = (socket) => socket.receive({ serverContent: { turnComplete: true } });
const goAway =
  (timeLeft: string): FakeSocketAction =>
  (socket) =>
    socket.receive({ goAway: { timeLeft } });
const call =
  (id: string): FakeSocketAction =>
  (socket) =>
    socket.receive({ toolCall: { functionCalls: [{ id, name: 'lookup', args: {} }] } });

/** No jitter, short delays: timings in marbles are exact. */
const FAST: ReconnectOptions = { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0, maxAttempts: 3 };

interface Harness {
  readonly live: LiveSession;
  readonly sockets: readonly FakeSocket[];
  readonly states: LiveSessionState[];
  readonly messages: LiveServerMessage[];
  readonly outcome: { error?: unknown; completed?: boolean };
}

function harness(
  scheduler: TestScheduler,
  script: (index: number) => Observable<FakeSocketAction>,
  reconnect: boolean | ReconnectOptions = FAST,
  extra: Partial<LiveSessionOptions> = {},
): Harness {
  const factory = scriptedSocketFactory(script);
  const live = createLiveSession(
    { model: 'gemini-live-test', apiKey: 'AIzaReconnectSpecKey0001', scheduler, webSocketFactory: factory, reconnect, ...extra },
    () => {
      throw new Error('the injected factory must be used');
    },
  );
  const states: LiveSessionState[] = [];
  const messages: LiveServerMessage[] = [];
  const outcome: Harness['outcome'] = {};
  live.state$.subscribe((state) => states.push(state));
  live.subscribe({ next: (message) => messages.push(message), error: (error: unknown) => (outcome.error = error), complete: () => (outcome.completed = true) });
  return { live, sockets: factory.sockets, states, messages, outcome };
}

const statusesOf = (states: readonly LiveSessionState[]): string[] =>
  states.map((state) => [state.status, state.attempt === undefined ? '' : `#${state.attempt}`, state.fresh === true ? 'fresh' : ''].join(''));

const setupOf = (socket: FakeSocket | undefined): unknown => (socket?.sentMessages[0] as { setup: unknown } | undefined)?.setup;
const clientTexts = (socket: FakeSocket | undefined): string[] =>
  (socket?.sentMessages ?? []).flatMap((message) => {
    const content = (message as { clientContent?: { turns?: { parts?: { text?: string }[] }[] } }).clientContent;
    return content === undefined ? [] : (content.turns ?? []).flatMap((turn) => (turn.parts ?? []).map((part) => part.text ?? ''));
  });
const kindsOf = (socket: FakeSocket | undefined): string[] => (socket?.sentMessages ?? []).map((message) => Object.keys(message as object)[0] ?? '');

describe('reconnect: policy', () => {
  it('grows the delay exponentially up to the cap, and jitter only shortens it', () => {
    const policy = reconnectPolicy({ initialDelayMs: 100, multiplier: 2, maxDelayMs: 500, jitter: 0.5, random: () => 0 });
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy!, attempt))).toEqual([100, 200, 400, 500, 500]);
    const jittered = reconnectPolicy({ initialDelayMs: 100, jitter: 0.5, random: () => 0.999999 });
    expect(backoffDelay(jittered!, 1)).toBe(50);
  });

  it('refuses nonsense values before any socket', () => {
    expect(() => reconnectPolicy({ jitter: 2 })).toThrow(LiveConfigError);
    expect(() => reconnectPolicy({ multiplier: 0.5 })).toThrow(LiveConfigError);
    expect(() => reconnectPolicy({ responseTimeoutMs: 0 })).toThrow(LiveConfigError);
    expect(reconnectPolicy(false)).toBeUndefined();
  });
});

describe('reconnect: the state machine over a fake socket', () => {
  it('asks for handles in setup, and resumes with the newest resumable one after a 1011: open → reconnecting → open, no error', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, (index) =>
        index === 0 ? cold('-o-s-a-b-c', { o: open, s: ready, a: handle('h1'), b: busy, c: close(1011, 'Internal error encountered.') }) : cold('-o-s', { o: open, s: ready }),
      );
      scheduler.flush();
      expect(setupOf(h.sockets[0])).toEqual({ model: 'models/gemini-live-test', sessionResumption: {} });
      expect(setupOf(h.sockets[1])).toEqual({ model: 'models/gemini-live-test', sessionResumption: { handle: 'h1' } });
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'reconnecting#1', 'open']);
      expect(h.outcome).toEqual({});
      expect(h.messages.filter((message) => message.setupComplete !== undefined)).toHaveLength(2);
    });
  });

  it('waits initialDelayMs × multiplier^n between failed attempts, then fails with the last error', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const opened: number[] = [];
      const h = harness(scheduler, () => {
        opened.push(scheduler.now());
        return cold('-o-s-a-c', { o: open, s: ready, a: handle('h'), c: close(1011) });
      }, { ...FAST, resetOnSuccess: false });
      scheduler.flush();
      // Each connection lives 7 ms; then 100, 200, 400 ms of backoff; the 4th failure is one too many.
      expect(opened).toEqual([0, 107, 314, 721]);
      expect(h.outcome.error).toBeInstanceOf(LiveServerError);
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'reconnecting#1', 'open', 'reconnecting#2', 'open', 'reconnecting#3', 'open', 'closed']);
      expect(h.states.at(-1)).toMatchObject({ status: 'closed', closeCode: 1011 });
    });
  });

  it('resets the count once a connection makes progress (resetOnSuccess), so it never gives up on a flaky but working server', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, (index) =>
        index < 6 ? cold('-o-s-a-t-c', { o: open, s: ready, a: handle(`h${index}`), t: turnDone, c: close(1011) }) : cold('-o-s', { o: open, s: ready }),
      );
      scheduler.flush();
      expect(h.sockets).toHaveLength(7);
      expect(h.outcome).toEqual({});
      expect(h.states.filter((state) => state.status === 'reconnecting').map((state) => state.attempt)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(setupOf(h.sockets[6])).toMatchObject({ sessionResumption: { handle: 'h5' } });
    });
  });

  it.each([
    ['1007', close(1007, 'Request contains an invalid argument.'), LiveInvalidArgumentError],
    ['1008', close(1008, 'models/x is not found'), Error],
    ['a used-up ephemeral token', close(1011, 'Token has been used too many times'), LiveServerError],
  ])('never retries %s: one socket, the typed error', (_name, fault, errorClass) => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, () => cold('-o-s-a-c', { o: open, s: ready, a: handle('h'), c: fault }));
      scheduler.flush();
      expect(h.sockets).toHaveLength(1);
      expect(h.outcome.error).toBeInstanceOf(errorClass);
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'closed']);
    });
  });

  it('does not retry a refused upgrade with 401/403, and retries a 503', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const refused = harness(scheduler, () => cold('-r', { r: (socket) => socket.refuse(403) }));
      const overloaded = harness(scheduler, (index) => (index === 0 ? cold('-r', { r: (socket) => socket.refuse(503) }) : cold('-o-s', { o: open, s: ready })));
      scheduler.flush();
      expect(refused.sockets).toHaveLength(1);
      expect(refused.outcome.error).toMatchObject({ kind: 'handshake', httpStatus: 403 });
      expect(overloaded.sockets).toHaveLength(2);
      expect(statusesOf(overloaded.states)).toEqual(['idle', 'connecting', 'reconnecting#1', 'open']);
    });
  });

  it('without a handle yet, fails rather than silently start a new conversation…', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, () => cold('-o-s-d', { o: open, s: ready, d: drop }));
      scheduler.flush();
      expect(h.sockets).toHaveLength(1);
      expect(h.outcome.error).toMatchObject({ closeCode: 1006 });
    });
  });

  it('…and with allowFreshSession starts one, saying so in state$ (fresh: true)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-s-d', { o: open, s: ready, d: drop }) : cold('-o-s', { o: open, s: ready })), {
        ...FAST,
        allowFreshSession: true,
      });
      scheduler.flush();
      expect(setupOf(h.sockets[1])).toEqual({ model: 'models/gemini-live-test', sessionResumption: {} });
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'reconnecting#1fresh', 'openfresh']);
    });
  });

  it('retries a close during the first setup without asking: there was no conversation to lose', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-c', { o: open, c: close(1011, 'The service is currently unavailable.') }) : cold('-o-s-t', { o: open, s: ready, t: turnDone })));
      h.live.clientContent.next({ turns: 'first' });
      scheduler.flush();
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'reconnecting#1', 'open']);
      expect(clientTexts(h.sockets[0])).toEqual([]);
      expect(clientTexts(h.sockets[1])).toEqual(['first']);
    });
  });

  it('replays the clientContent and toolResponse written since the newest handle (or within its in-flight window), exactly once and in order; never stale audio', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      // The in-flight window is its 100 ms floor here: frames written 100 ms or more before a handle are covered by it.
      const h = harness(scheduler, (index) =>
        index === 0
          ? cold('-o-s 200ms a 199ms b 50ms t 10ms d', { o: open, s: ready, a: handle('h1'), b: handle('h2'), t: turnDone, d: drop })
          : cold('-o-s', { o: open, s: ready }),
      );
      hot('---- 1 1ms 2 340ms 3 70ms 4', { 1: { turns: 'covered by h1' }, 2: { turns: 'covered by h2' }, 3: { turns: 'in flight at h2' }, 4: { turns: 'after h2' } }).subscribe(h.live.clientContent);
      hot('------r', { r: { functionResponses: [{ id: 'c0', name: 'lookup', response: {} }] } }).subscribe(h.live.toolResponse);
      hot('---- 400ms 9', { 9: { audio: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } } }).subscribe(h.live.realtimeInput);
      scheduler.flush();
      expect(clientTexts(h.sockets[0])).toEqual(['covered by h1', 'covered by h2', 'in flight at h2', 'after h2']);
      expect(setupOf(h.sockets[1])).toMatchObject({ sessionResumption: { handle: 'h2' } });
      expect(kindsOf(h.sockets[0])).toEqual(['setup', 'clientContent', 'clientContent', 'toolResponse', 'clientContent', 'realtimeInput', 'clientContent']);
      expect(kindsOf(h.sockets[1])).toEqual(['setup', 'clientContent', 'clientContent']);
      expect(clientTexts(h.sockets[1])).toEqual(['in flight at h2', 'after h2']);
    });
  });

  it('does not take frames flushed at setupComplete as consumed by the handle that follows at once', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-s-a-d', { o: open, s: ready, a: handle('h1'), d: drop }) : cold('-o-s', { o: open, s: ready })));
      h.live.clientContent.next({ turns: 'queued before setup' });
      scheduler.flush();
      expect(setupOf(h.sockets[1])).toMatchObject({ sessionResumption: { handle: 'h1' } });
      expect(clientTexts(h.sockets[1])).toEqual(['queued before setup']);
    });
  });

  it('puts replayed frames before what never left, and keeps sending what waited during the reconnect', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-s-a--d', { o: open, s: ready, a: handle('h1'), d: drop }) : cold('-o-s', { o: open, s: ready })));
      hot('------1---2', { 1: { turns: 'written' }, 2: { turns: 'while reconnecting' } }).subscribe(h.live.clientContent);
      scheduler.flush();
      expect(clientTexts(h.sockets[1])).toEqual(['written', 'while reconnecting']);
      expect(h.live.stats.pendingMessages).toBe(0);
    });
  });

  it('uses lastConsumedClientMessageIndex where the server gives it: only the unconsumed frames come back', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      // Frames 1, 2, 3 are written at 4, 5, 6; the handle at 8 says up to frame 2 was consumed.
      const h = harness(
        scheduler,
        (index) => (index === 0 ? cold('-o-s----a-d', { o: open, s: ready, a: handle('h1', '2'), d: drop }) : cold('-o-s', { o: open, s: ready })),
        FAST,
        { apiKey: undefined, vertex: { project: 'p', location: 'us-central1', accessToken: 'ya29.ReconnectSpecToken' }, config: { sessionResumption: { transparent: true } } },
      );
      hot('----123', { 1: { turns: 'one' }, 2: { turns: 'two' }, 3: { turns: 'three' } }).subscribe(h.live.clientContent);
      scheduler.flush();
      expect(setupOf(h.sockets[1])).toMatchObject({ sessionResumption: { handle: 'h1', transparent: true } });
      expect(clientTexts(h.sockets[1])).toEqual(['three']);
    });
  });

  it('on goAway while quiet: closes the old socket with 1000 first, then resumes at once', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-s-a-g', { o: open, s: ready, a: handle('h1'), g: goAway('50s') }) : cold('-o-s', { o: open, s: ready })));
      scheduler.flush();
      expect(h.sockets[0]?.clientClose).toEqual({ code: 1000, reason: 'client closed' });
      expect(setupOf(h.sockets[1])).toMatchObject({ sessionResumption: { handle: 'h1' } });
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open']);
      expect(h.messages.map((message) => Object.keys(message)[0])).toEqual(['setupComplete', 'sessionResumptionUpdate', 'goAway', 'connectionReplaced', 'setupComplete']);
    });
  });

  it('on goAway mid-turn: lets the turn finish and rotates at the next resumable handle', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const rotated: number[] = [];
      const h = harness(scheduler, (index) => {
        rotated.push(scheduler.now());
        return index === 0 ? cold('-o-s-a-m-g-m-t-b', { o: open, s: ready, a: handle('h1'), m: say('words'), g: goAway('50s'), t: turnDone, b: handle('h2') }) : cold('-o-s', { o: open, s: ready });
      });
      scheduler.flush();
      expect(rotated).toEqual([0, 15]);
      expect(setupOf(h.sockets[1])).toMatchObject({ sessionResumption: { handle: 'h2' } });
    });
  });

  it('on goAway mid-turn with no resumable point coming: rotates goAwayMarginMs before the deadline', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const rotated: number[] = [];
      harness(
        scheduler,
        (index) => {
          rotated.push(scheduler.now());
          return index === 0 ? cold('-o-s-a-m-g', { o: open, s: ready, a: handle('h1'), m: say('words'), g: goAway('1s') }) : cold('-o-s', { o: open, s: ready });
        },
        { ...FAST, goAwayMarginMs: 300 },
      );
      scheduler.flush();
      expect(rotated).toEqual([0, 9 + 700]);
    });
  });

  it('aborts tool calls the resumed conversation does not know, and keeps their answers off the wire', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const aborted: string[] = [];
      const h = harness(scheduler, (index) =>
        index === 0 ? cold('-o-s-a-k-d', { o: open, s: ready, a: handle('h1'), k: call('c1'), d: drop }) : cold('-o-s', { o: open, s: ready }),
      );
      h.live
        .pipe(
          handleToolCalls({
            lookup: (_args, { signal }) => {
              signal.addEventListener('abort', () => aborted.push('c1'));
              return cold('100ms r', { r: { found: true } });
            },
          }),
        )
        .subscribe(h.live.toolResponse);
      scheduler.flush();
      expect(h.messages.find((message) => message.toolCallCancellation !== undefined)).toEqual({ toolCallCancellation: { ids: ['c1'] } });
      expect(aborted).toEqual(['c1']);
      h.live.toolResponse.next({ functionResponses: [{ id: 'c1', name: 'lookup', response: { late: true } }] });
      expect(kindsOf(h.sockets[1])).toEqual(['setup']);
    });
  });

  it('replays the answer to a call the handle includes', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const h = harness(scheduler, (index) =>
        index === 0 ? cold('-o-s-k-a---d', { o: open, s: ready, k: call('c1'), a: handle('h1'), d: drop }) : cold('-o-s', { o: open, s: ready }),
      );
      hot('---------r', { r: { functionResponses: [{ id: 'c1', name: 'lookup', response: { ok: true } }] } }).subscribe(h.live.toolResponse);
      scheduler.flush();
      expect(h.messages.some((message) => message.toolCallCancellation !== undefined)).toBe(false);
      expect(kindsOf(h.sockets[1])).toEqual(['setup', 'toolResponse']);
    });
  });

  it('replaces a connection that stays silent after a clientContent (responseTimeoutMs), replaying it', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-s-a', { o: open, s: ready, a: handle('h1') }) : cold('-o-s-m-t', { o: open, s: ready, m: say('hi'), t: turnDone })), {
        ...FAST,
        responseTimeoutMs: 500,
      });
      hot('------1', { 1: { turns: 'anyone?' } }).subscribe(h.live.clientContent);
      scheduler.flush();
      expect(h.sockets[0]?.clientClose).toEqual({ code: 1000, reason: 'client closed' });
      expect(scheduler.now()).toBeGreaterThanOrEqual(506);
      expect(clientTexts(h.sockets[1])).toEqual(['anyone?']);
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'reconnecting#1', 'open']);
    });
  });

  it('gives up on a silent server with LiveResponseTimeoutError once attempts run out', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const h = harness(scheduler, (index) => (index === 0 ? cold('-o-s-a', { o: open, s: ready, a: handle('h1') }) : cold('-o-s', { o: open, s: ready })), {
        ...FAST,
        responseTimeoutMs: 50,
        maxAttempts: 1,
      });
      hot('------1', { 1: { turns: 'hello?' } }).subscribe(h.live.clientContent);
      scheduler.flush();
      expect(h.sockets).toHaveLength(2);
      expect(h.outcome.error).toBeInstanceOf(LiveResponseTimeoutError);
      expect(h.states.at(-1)).toMatchObject({ status: 'closed', error: expect.any(LiveResponseTimeoutError) });
    });
  });

  it('survives a fault during the reconnect itself, and two faults in a row', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const scripts = [
        cold('-o-s-a---d', { o: open, s: ready, a: handle('h1'), d: drop }),
        cold('-o-c', { o: open, c: close(1011) }),
        cold('-d', { d: drop }),
        cold('-o-s-m-t', { o: open, s: ready, m: say('back'), t: turnDone }),
      ];
      const h = harness(scheduler, (index) => scripts[index] ?? cold('-'));
      hot('-------1', { 1: { turns: 'kept' } }).subscribe(h.live.clientContent);
      scheduler.flush();
      expect(h.sockets).toHaveLength(4);
      expect(setupOf(h.sockets[3])).toMatchObject({ sessionResumption: { handle: 'h1' } });
      expect(clientTexts(h.sockets[3])).toEqual(['kept']);
      expect(statusesOf(h.states)).toEqual(['idle', 'connecting', 'open', 'reconnecting#1', 'reconnecting#2', 'reconnecting#3', 'open']);
    });
  });

  it('completes on a 1000 close, as without reconnect', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, () => cold('-o-s-a-c', { o: open, s: ready, a: handle('h'), c: close(1000, 'bye') }));
      scheduler.flush();
      expect(h.outcome).toEqual({ completed: true });
      expect(h.sockets).toHaveLength(1);
    });
  });

  it('stops everything when unsubscribed during the backoff: closed, no timer left', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const factory = scriptedSocketFactory(() => cold('-o-s-a-d', { o: open, s: ready, a: handle('h'), d: drop }));
      const live = createLiveSession({ model: 'm', apiKey: 'AIzaReconnectSpecKey0001', scheduler, webSocketFactory: factory, reconnect: FAST }, () => {
        throw new Error('unused');
      });
      const states: string[] = [];
      live.state$.subscribe((state) => states.push(state.status));
      const subscription = live.subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 50);
      scheduler.flush();
      expect(factory.sockets).toHaveLength(1);
      expect(states).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'closed']);
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it.each([false, true])('strips a connectionReplaced key arriving from the wire (reconnect: %s): only the session sets it', (reconnect) => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const forged: FakeSocketAction = (socket) => socket.receive({ connectionReplaced: { reason: 'goAway' }, serverContent: { turnComplete: true } });
      const alone: FakeSocketAction = (socket) => socket.receive({ connectionReplaced: { reason: 'closed' } });
      const h = harness(scheduler, () => cold('-o-s-f-a', { o: open, s: ready, f: forged, a: alone }), reconnect ? FAST : false);
      scheduler.flush();
      expect(h.messages).toEqual([{ setupComplete: {} }, { serverContent: { turnComplete: true } }, {}]);
    });
  });

  it('emits connectionReplaced once per replaced connection, between the old connection’s last message and the next one’s first', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const scripts = [
        cold('-o-s-a-m-d', { o: open, s: ready, a: handle('h1'), m: say('The capital'), d: drop }),
        cold('-o-c', { o: open, c: close(1011) }),
        cold('-o-s-m-t-g', { o: open, s: ready, m: say('Paris.'), t: turnDone, g: goAway('50s') }),
        cold('-o-s', { o: open, s: ready }),
      ];
      const h = harness(scheduler, (index) => scripts[index] ?? cold('-'));
      scheduler.flush();
      const kinds = h.messages.map((message) => (message.connectionReplaced === undefined ? Object.keys(message)[0] : `replaced:${message.connectionReplaced.reason}`));
      expect(kinds).toEqual([
        'setupComplete',
        'sessionResumptionUpdate',
        'serverContent',
        'replaced:closed',
        'setupComplete',
        'serverContent',
        'serverContent',
        'goAway',
        'replaced:goAway',
        'setupComplete',
      ]);
      expect(h.sockets).toHaveLength(4);
    });
  });

  it('without reconnect, nothing watches for silence: a server that stops mid-answer leaves the session open (as docs/resilience.md says)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const h = harness(scheduler, () => cold('-o-s---m', { o: open, s: ready, m: say('The capital') }), false);
      hot('-----1', { 1: { turns: 'Capital of France?' } }).subscribe(h.live.clientContent);
      scheduler.schedule(() => undefined, 10 * 60_000);
      scheduler.flush();
      expect(h.sockets).toHaveLength(1);
      expect(h.outcome).toEqual({});
      expect(h.live.state.status).toBe('open');
    });
  });

  it('a subscriber that leaves on the connectionReplaced marker ends everything: closed, no timer left', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const factory = scriptedSocketFactory(() => cold('-o-s-a-d', { o: open, s: ready, a: handle('h'), d: drop }));
      const live = createLiveSession({ model: 'm', apiKey: 'AIzaReconnectSpecKey0001', scheduler, webSocketFactory: factory, reconnect: FAST }, () => {
        throw new Error('unused');
      });
      const states: string[] = [];
      live.state$.subscribe((state) => states.push(state.status));
      const subscription = live.subscribe((message) => {
        if (message.connectionReplaced !== undefined) subscription.unsubscribe();
      });
      scheduler.flush();
      expect(factory.sockets).toHaveLength(1);
      expect(states).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'closed']);
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it('leaves setup untouched when reconnect is off (the conformance tests compare it with the SDK)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const h = harness(scheduler, () => cold('-o-s', { o: open, s: ready }), false);
      scheduler.flush();
      expect(setupOf(h.sockets[0])).toEqual({ model: 'models/gemini-live-test' });
    });
  });
});
