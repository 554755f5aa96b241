/**
 * The fault matrix of docs/resilience.md, over real sockets against the emulator: whatever fails, a
 * session with `reconnect` loses and duplicates no clientContent or toolResponse (counted in the
 * emulated conversation, which is what the model has), leaks no socket or timer, and ends in the
 * right state.
 */
import { filter, firstValueFrom, Subscription } from 'rxjs';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import type { LiveClientMessage } from '../../lib/protocol/clientMessages';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveInvalidArgumentError } from '../../lib/errors';
import type { LiveSession } from '../../lib/session/liveSession';
import type { ReconnectOptions } from '../../lib/session/reconnect';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import type { EmulatorFault, EmulatorOptions } from '../../lib/testing/emulator/options';
import type { LiveEmulator } from '../../lib/testing/emulator/startEmulator';
import { emulatorSession, errorOf, withEmulator } from '../support/emulator';
import { expectNoLeaks, liveResources } from '../support/leaks';

const WEATHER_TOOLS = [{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather for a city' }] }];
const scenario = {
  reply: (turn: { index: number; text: string }) => `Turn ${turn.index}: ${turn.text}`,
  toolTriggers: [{ when: 'weather', name: 'get_weather', args: { city: 'Paris' } }],
};
/** Quick retries, and a short silence limit so a frozen server is noticed fast. */
const RECONNECT: ReconnectOptions = { initialDelayMs: 10, maxDelayMs: 100, jitter: 0.5, maxAttempts: 4, responseTimeoutMs: 1_000 };
const TURNS = ['alpha', 'bravo', 'weather in Paris?', 'charlie'];
/**
 * The emulated model takes longer to answer than the session's in-flight window (its 100 ms floor on
 * this fast local link), as a real model does: a handle that follows an answer then covers the turn.
 * An instant answer would leave the turn inside the window, kept for replay (docs/resilience.md).
 */
const THINKING = { firstChunkDelayMs: 250 };

interface Run {
  readonly emulator: LiveEmulator;
  readonly session: LiveSession;
  readonly states: LiveSessionState[];
  readonly messages: LiveServerMessage[];
  readonly aborted: string[];
}

/** A session with reconnect and a tool handler on `emulator`, the leak baseline taken before. */
async function matrixRun(
  faults: readonly EmulatorFault[],
  body: (run: Run) => Promise<void>,
  options: EmulatorOptions = {},
  slowFirstCall = false,
): Promise<void> {
  const baseline = liveResources();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  await withEmulator({ scenario: { ...scenario, faults }, timing: THINKING, ...options }, async (emulator) => {
    const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], tools: WEATHER_TOOLS }, reconnect: RECONNECT });
    const states: LiveSessionState[] = [];
    const messages: LiveServerMessage[] = [];
    const aborted: string[] = [];
    let calls = 0;
    const subscriptions = new Subscription();
    subscriptions.add(session.state$.subscribe((state) => states.push(state)));
    subscriptions.add(session.subscribe({ next: (message) => messages.push(message), error: () => undefined }));
    subscriptions.add(
      session
        .pipe(
          handleToolCalls({
            // Answers on the next turn of the event loop, like a real lookup; notes when it is aborted.
            get_weather: (args, { signal, call }) => {
              signal.addEventListener('abort', () => aborted.push(call.id ?? ''));
              // `slowFirstCall`: the first call answers only once aborted (which must send nothing).
              if (slowFirstCall && calls++ === 0) return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ late: true })));
              return new Promise((resolve) => setImmediate(() => resolve({ city: args.city, celsius: 21 })));
            },
          }),
        )
        .subscribe(session.toolResponse),
    );
    try {
      await body({ emulator, session, states, messages, aborted });
    } finally {
      subscriptions.unsubscribe();
    }
    expect(session.state).toEqual(expect.objectContaining({ status: 'closed' }));
  }).finally(() => process.off('unhandledRejection', onRejection));
  await expectNoLeaks(baseline);
  expect(rejections).toEqual([]);
}

/** The last entry of the conversation the model has now answers `text` (or the tool's result). */
function answered(emulator: LiveEmulator, text: string): boolean {
  const last = emulator.connections.at(-1)?.history.at(-1);
  if (last?.role !== 'model') return false;
  return text.includes('weather') ? last.text.startsWith('get_weather returned') : last.text.endsWith(`: ${text}`);
}

/** Sends each turn once the previous one is in a resumable handle (the emulated model remembers it). */
async function converse(run: Run, turns: readonly string[]): Promise<void> {
  for (const text of turns) {
    const committed = firstValueFrom(run.session.pipe(filter((message) => message.sessionResumptionUpdate?.resumable === true && answered(run.emulator, text))));
    run.session.clientContent.next({ turns: text });
    await committed;
  }
}

/** The conversation as the model has it on the newest connection: every turn exactly once, in order. */
function expectConversation(emulator: LiveEmulator, turns: readonly string[]): void {
  const history = emulator.connections.at(-1)?.history ?? [];
  expect(history.filter((entry) => entry.role === 'user').map((entry) => entry.text)).toEqual(turns);
  expect(history.filter((entry) => entry.role === 'model')).toHaveLength(turns.length);
}

const received = (emulator: LiveEmulator, kind: 'clientContent' | 'toolResponse'): LiveClientMessage[] =>
  emulator.connections.flatMap((connection) => connection.received.filter((message) => kind in message));

const statuses = (states: readonly LiveSessionState[]): string[] => states.map((state) => state.status).filter((status, index, all) => status !== all[index - 1]);

describe('reconnect against the emulator: the fault matrix', () => {
  it.each<[string, EmulatorFault[], number]>([
    ['a drop without a close frame, mid-turn', [{ at: 'modelTurn', action: { kind: 'drop' }, connection: 1 }], 2],
    ['a 1011 mid-turn', [{ at: 'modelTurn', action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' }, connection: 1 }], 2],
    ['a goAway after a turn', [{ at: 'turnComplete', action: { kind: 'goAway', timeLeftMs: 5_000 }, connection: 1 }], 2],
    ['a server that stalls (silent, socket up)', [{ at: 'turnComplete', action: { kind: 'freeze' }, connection: 1 }], 2],
    ['a close during setup', [{ at: 'setup', action: { kind: 'close', code: 1011, reason: 'The service is currently unavailable.' }, connection: 1 }], 2],
    ['a close during a tool call', [{ at: 'toolCall', action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' }, connection: 1 }], 2],
    [
      'two faults in a row',
      [
        { at: 'modelTurn', action: { kind: 'drop' }, connection: 1 },
        { at: 'modelTurn', action: { kind: 'close', code: 1011, reason: 'Internal error occurred.' }, connection: 2 },
      ],
      3,
    ],
    [
      'a fault during the reconnect (the resume setup fails)',
      [
        { at: 'modelTurn', action: { kind: 'drop' }, connection: 1 },
        { at: 'setup', action: { kind: 'close', code: 1011, reason: 'The service is currently unavailable.' }, connection: 2 },
      ],
      3,
    ],
  ])('%s: nothing lost or duplicated, open again, no leak', (_name, faults, connections) =>
    matrixRun(faults, async (run) => {
      await converse(run, TURNS);
      expectConversation(run.emulator, TURNS);
      expect(run.emulator.connections).toHaveLength(connections);
      expect(run.session.state).toEqual({ status: 'open' });
      const seen = statuses(run.states);
      expect(seen.slice(0, 2)).toEqual(['idle', 'connecting']);
      expect(seen).toContain('reconnecting');
      expect(seen.at(-1)).toBe('open');
      expect(run.states.some((state) => state.error !== undefined)).toBe(false);
      // Every tool answer the emulator got named a call it had open (else it closes with 1007), once.
      const ids = received(run.emulator, 'toolResponse').flatMap((message) =>
        'toolResponse' in message ? (message.toolResponse.functionResponses ?? []).map((response) => response.id) : [],
      );
      expect(new Set(ids).size).toBe(ids.length);
    }),
  );

  it('a close during a tool call aborts the handler of the lost call, whose answer never reaches the server', () =>
    matrixRun([{ at: 'toolCall', action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' }, connection: 1 }], async (run) => {
      await converse(run, ['weather in Paris?']);
      const cancellation = run.messages.find((message) => message.toolCallCancellation !== undefined);
      expect(cancellation).toEqual({ toolCallCancellation: { ids: ['function-call-1'] } });
      expect(JSON.stringify(received(run.emulator, 'toolResponse'))).not.toContain('"function-call-1"');
      expect(run.aborted).toEqual(['function-call-1']);
      expectConversation(run.emulator, ['weather in Paris?']);
    }, {}, true));

  it('a goAway while idle rotates at once: the old connection is closed by us (1000) before the new one resumes', () =>
    matrixRun([{ at: 'turnComplete', action: { kind: 'goAway', timeLeftMs: 5_000 }, connection: 1 }], async (run) => {
      await converse(run, ['alpha', 'bravo']);
      const first = run.emulator.connections[0];
      expect(await first?.closed).toEqual({ code: 1000, reason: 'client closed', by: 'client' });
      expect(run.emulator.connections[1]?.received[0]).toMatchObject({ setup: { sessionResumption: { handle: expect.stringMatching(/^emulator-handle-/) } } });
      expect(run.emulator.connections[1]?.sessionId).toBe(first?.sessionId);
      expect(received(run.emulator, 'clientContent')).toHaveLength(2);
    }));

  it('rotates many times on the emulator’s own connection lifetime and never hits the deadline close', () =>
    matrixRun([], async (run) => {
      await converse(run, ['one', 'two', 'three', 'four', 'five', 'six']);
      expectConversation(run.emulator, ['one', 'two', 'three', 'four', 'five', 'six']);
      const ends = await Promise.all(run.emulator.connections.slice(0, -1).map((connection) => connection.closed));
      expect(ends.every((end) => end.by === 'client' && end.code === 1000)).toBe(true);
    }, { connectionLifetimeMs: 1_000, goAwayLeadMs: 600 }));

  it('resumes with a one-use ephemeral token: resuming does not use it up', async () => {
    const token = 'auth_tokens/one-use-spec-token';
    const baseline = liveResources();
    await withEmulator(
      { ephemeralTokens: { [token]: { uses: 1 } }, timing: THINKING, scenario: { reply: scenario.reply, faults: [{ at: 'modelTurn', action: { kind: 'drop' }, connection: 1 }] } },
      async (emulator) => {
        const session = emulatorSession(emulator, { apiKey: token, apiVersion: 'v1alpha', config: { responseModalities: ['TEXT'] }, reconnect: RECONNECT });
        const held = session.subscribe();
        await converse({ emulator, session, states: [], messages: [], aborted: [] }, ['alpha', 'bravo']);
        held.unsubscribe();
        expect(emulator.connections.map((connection) => connection.route.credential.kind)).toEqual(['ephemeralToken', 'ephemeralToken']);
        expectConversation(emulator, ['alpha', 'bravo']);
      },
    );
    await expectNoLeaks(baseline);
  });

  it.each([false, true])('no handle yet (a 1011 right after setupComplete), allowFreshSession %s: fails, or starts a new conversation and says so', (allowFreshSession) =>
    withEmulator({ scenario: { reply: scenario.reply, faults: [{ at: 'setupComplete', action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' }, connection: 1 }] } }, async (emulator) => {
      const baseline = liveResources();
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] }, reconnect: { ...RECONNECT, allowFreshSession } });
      const states: LiveSessionState[] = [];
      session.state$.subscribe((state) => states.push(state));
      if (!allowFreshSession) {
        const error = errorOf(session);
        session.clientContent.next({ turns: 'alpha' });
        expect(await error).toMatchObject({ closeCode: 1011 });
        expect(emulator.connections).toHaveLength(1);
        return;
      }
      const held = session.subscribe();
      await converse({ emulator, session, states, messages: [], aborted: [] }, ['alpha']);
      held.unsubscribe();
      expect(states).toContainEqual({ status: 'reconnecting', attempt: 1, fresh: true });
      expect(states).toContainEqual({ status: 'open', fresh: true });
      expect(emulator.connections[1]?.sessionId).not.toBe(emulator.connections[0]?.sessionId);
      expectConversation(emulator, ['alpha']);
      await expectNoLeaks(baseline);
    }),
  );

  it('unsubscribing while waiting out a backoff closes everything: no socket or timer left', () =>
    withEmulator({ scenario: { faults: [{ at: 'modelTurn', action: { kind: 'drop' }, connection: 1 }] } }, async (emulator) => {
      const baseline = liveResources();
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] }, reconnect: { initialDelayMs: 60_000, jitter: 0 } });
      const held = session.subscribe();
      const reconnecting = firstValueFrom(session.state$.pipe(filter((state) => state.status === 'reconnecting')));
      session.clientContent.next({ turns: 'alpha' });
      await reconnecting;
      held.unsubscribe();
      expect(session.state).toEqual({ status: 'closed' });
      expect(emulator.connections).toHaveLength(1);
      await expectNoLeaks(baseline);
    }));

  it('a 1007 is final: one connection, LiveInvalidArgumentError, closed with code 1007', () =>
    matrixRun([{ at: 'modelTurn', action: { kind: 'close', code: 1007, reason: 'Request contains an invalid argument.' }, connection: 1 }], async (run) => {
      const error = errorOf(run.session);
      run.session.clientContent.next({ turns: 'alpha' });
      expect(await error).toBeInstanceOf(LiveInvalidArgumentError);
      expect(run.emulator.connections).toHaveLength(1);
      expect(run.session.state).toMatchObject({ status: 'closed', closeCode: 1007 });
    }));

  it('transparent resumption (Vertex AI): lastConsumedClientMessageIndex replays exactly what the server had not consumed', () =>
    withEmulator({ scenario: { reply: scenario.reply, faults: [{ at: 'modelTurn', action: { kind: 'drop' }, connection: 1 }] } }, async (emulator) => {
        const session = emulatorSession(emulator, {
          apiKey: undefined,
          apiVersion: 'v1beta1',
          vertex: { project: 'p', location: 'us-central1', accessToken: 'ya29.EmulatorTransparentToken' },
          config: { responseModalities: ['TEXT'], sessionResumption: { transparent: true } },
          reconnect: RECONNECT,
        });
        const held = session.subscribe();
        const run: Run = { emulator, session, states: [], messages: [], aborted: [] };
        await converse(run, ['alpha', 'bravo']);
        held.unsubscribe();
        expectConversation(emulator, ['alpha', 'bravo']);
        const updates = emulator.connections.flatMap((connection) => connection.sent.filter((message) => 'sessionResumptionUpdate' in message));
        expect(updates).toContainEqual({ sessionResumptionUpdate: { newHandle: '', resumable: false } });
        expect(updates).toContainEqual({ sessionResumptionUpdate: { newHandle: expect.any(String), resumable: true, lastConsumedClientMessageIndex: '0' } });
        expect(updates).toContainEqual({ sessionResumptionUpdate: { newHandle: expect.any(String), resumable: true, lastConsumedClientMessageIndex: '1' } });
    }));
});
