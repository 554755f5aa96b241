/**
 * Ephemeral tokens end to end on the emulator, through the public API only: `createAuthToken` mints
 * them against the emulator's `POST /v1alpha/auth_tokens`, and `liveSession` uses them on the
 * Constrained path. Each way a token fails closes or refuses as PROTOCOL.md §1.2 and §6.2 say. Time
 * moves on the emulator's `clock` option, never by waiting.
 */
import { filter, firstValueFrom } from 'rxjs';
import { createAuthToken, type CreateAuthTokenOptions, LiveAuthTokenError, LiveInvalidArgumentError, LiveServerError } from '../../lib/node';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import type { LiveSession } from '../../lib/session/liveSession';
import type { LiveEmulator } from '../../lib/testing/emulator/startEmulator';
import { EMULATOR_KEY, emulatorSession, errorOf, isTurnComplete, messagesUntil, textOf, withEmulator } from '../support/emulator';
import { expectNoLeaks, liveResources } from '../support/leaks';

const MINUTE = 60_000;

/**
 * An emulated model that takes longer to answer than the session's in-flight window (its 100 ms
 * floor on this fast local link), as a real one does: the handle that follows an answer then covers
 * the turn, so a reconnect does not replay it (docs/resilience.md).
 */
const THINKING = { firstChunkDelayMs: 250 };

/** An emulator whose clock the test moves; `thinking` for tests that reconnect. */
function clockedEmulator<T>(body: (emulator: LiveEmulator, clock: { now: number }) => Promise<T>, thinking = false): Promise<T> {
  const clock = { now: Date.UTC(2030, 0, 1, 12, 0, 0) };
  return withEmulator({ apiKeys: [EMULATOR_KEY], clock: () => clock.now, ...(thinking ? { timing: THINKING } : {}) }, (emulator) => body(emulator, clock));
}

function mint(emulator: LiveEmulator, options: Omit<CreateAuthTokenOptions, 'apiKey'> = {}): Promise<string> {
  return createAuthToken({ apiKey: EMULATOR_KEY, baseUrl: emulator.baseUrl, ...options }).then((token) => token.name);
}

/** A session on the token (no apiVersion given: the token picks v1alpha and the Constrained path). */
function tokenSession(emulator: LiveEmulator, token: string | (() => Promise<string>), extra: Parameters<typeof emulatorSession>[1] = {}): LiveSession {
  return emulatorSession(emulator, { apiKey: token, apiVersion: undefined, config: { responseModalities: ['TEXT'] }, ...extra });
}

/** Sends one turn and collects the reply up to `turnComplete`. */
async function turn(session: LiveSession, text: string): Promise<LiveServerMessage[]> {
  const reply = messagesUntil(session, isTurnComplete);
  session.clientContent.next({ turns: text });
  return reply;
}

const hasAudio = (messages: readonly LiveServerMessage[]): boolean =>
  messages.some((message) => message.serverContent?.modelTurn?.parts?.some((part) => part.inlineData?.mimeType?.startsWith('audio/pcm') === true) === true);

describe('the emulator mints ephemeral tokens', () => {
  it('for a valid API key only, answering like Google’s REST API', () =>
    clockedEmulator(async (emulator) => {
      const wrong = await createAuthToken({ apiKey: 'AIzaNotTheEmulatorsKey00000000000000000', baseUrl: emulator.baseUrl }).catch((thrown: unknown) => thrown);
      expect(wrong).toBeInstanceOf(LiveAuthTokenError);
      expect(wrong).toMatchObject({ httpStatus: 400, serverStatus: 'INVALID_ARGUMENT', serverMessage: 'API key not valid. Please pass a valid API key.' });
      const anonymous = await fetch(`${emulator.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
      expect(anonymous.status).toBe(403);
      expect(await anonymous.json()).toMatchObject({ error: { status: 'PERMISSION_DENIED' } });
      const tooLong = await createAuthToken({ apiKey: EMULATOR_KEY, baseUrl: emulator.baseUrl, expireTime: new Date(Date.UTC(2030, 0, 2, 9)) }).catch((thrown: unknown) => thrown);
      expect(tooLong).toMatchObject({ httpStatus: 400, serverMessage: expect.stringContaining('20 hours') });

      const token = await mint(emulator);
      expect(token).toMatch(/^auth_tokens\/[0-9a-f]{32}$/);
    }));

  it('a minted token opens a session on the Constrained v1alpha path', () =>
    clockedEmulator(async (emulator) => {
      const session = tokenSession(emulator, await mint(emulator));
      const held = session.subscribe();
      expect(textOf(await turn(session, 'What is the capital of France?'))).toBe('The capital of France is Paris.');
      held.unsubscribe();
      expect((await emulator.connection(1)).route).toMatchObject({ constrained: true, apiVersion: 'v1alpha', credential: { kind: 'ephemeralToken' } });
      expect(emulator.connections[0]?.url).toContain('BidiGenerateContentConstrained?access_token=auth_tokens/');
    }));
});

describe('uses', () => {
  it.each([
    [undefined, 1],
    [2, 2],
  ])('uses %p: %i new sessions, then 1011 "Token has been used too many times", not retryable', (uses, allowed) =>
    clockedEmulator(async (emulator) => {
      const token = await mint(emulator, uses === undefined ? {} : { uses });
      for (let index = 0; index < allowed; index += 1) {
        const session = tokenSession(emulator, token);
        const held = session.subscribe();
        await turn(session, 'hello');
        held.unsubscribe();
      }
      const error = await errorOf(tokenSession(emulator, token));
      expect(error).toBeInstanceOf(LiveServerError);
      expect(error).toMatchObject({ closeCode: 1011, reason: 'Token has been used too many times', retryable: false });
    }));

  it('uses 0: no limit', () =>
    clockedEmulator(async (emulator) => {
      const token = await mint(emulator, { uses: 0 });
      for (const text of ['one', 'two', 'three']) {
        const session = tokenSession(emulator, token);
        const held = session.subscribe();
        expect(textOf(await turn(session, text))).toContain(text);
        held.unsubscribe();
      }
    }));
});

describe('expiry, on the emulator’s clock', () => {
  it('after newSessionExpireTime no new session opens (1007), but a session resumes on the same token', () =>
    clockedEmulator(async (emulator, clock) => {
      const baseline = liveResources();
      const token = await mint(emulator, { newSessionExpireTime: new Date(clock.now + MINUTE), expireTime: new Date(clock.now + 10 * MINUTE) });
      const session = tokenSession(emulator, token, { reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0, maxAttempts: 3 } });
      const held = session.subscribe();
      await turn(session, 'alpha');
      clock.now += 2 * MINUTE;
      emulator.connections[0]?.drop();
      expect(textOf(await turn(session, 'bravo'))).toContain('bravo');
      expect(emulator.connections).toHaveLength(2);
      expect(emulator.connections[1]?.sessionId).toBe(emulator.connections[0]?.sessionId);
      held.unsubscribe();

      const error = await errorOf(tokenSession(emulator, token));
      expect(error).toBeInstanceOf(LiveInvalidArgumentError);
      expect(error).toMatchObject({ closeCode: 1007, reason: expect.stringContaining('newSessionExpireTime') });
      expect(String(error)).not.toContain(token);
      await expectNoLeaks(baseline);
    }, true));

  it('after expireTime an open session’s next message is refused (1007)', () =>
    clockedEmulator(async (emulator, clock) => {
      const token = await mint(emulator, { uses: 0, expireTime: new Date(clock.now + 5 * MINUTE) });
      const session = tokenSession(emulator, token);
      const failed = errorOf(session);
      await turn(session, 'alpha');
      clock.now += 6 * MINUTE;
      session.clientContent.next({ turns: 'bravo' });
      expect(await failed).toMatchObject({ closeCode: 1007, reason: 'Ephemeral token expired. Please request a new token.', retryable: false });
      expect((await emulator.connections[0]?.closed)?.by).toBe('server');
    }));
});

describe('liveConnectConstraints lock the setup', () => {
  it.each([
    ['a locked model', 'gemini-2.5-flash-native-audio-preview-09-2025'],
    ['the page’s model', undefined],
  ])('with no fieldMask the whole config is the token’s: a page asking for TEXT gets AUDIO (%s)', (_name, model) =>
    clockedEmulator(async (emulator) => {
      const token = await mint(emulator, { liveConnectConstraints: { model, config: { responseModalities: ['AUDIO'] } } });
      const session = tokenSession(emulator, token, { model: 'gemini-live-2.5-flash-preview', config: { responseModalities: ['TEXT'], sessionResumption: {} } });
      const resumptionUpdates: LiveServerMessage[] = [];
      const held = session.subscribe((message) => {
        if (message.sessionResumptionUpdate !== undefined) resumptionUpdates.push(message);
      });
      const reply = await turn(session, 'What is the capital of France?');
      held.unsubscribe();
      expect(hasAudio(reply)).toBe(true);
      expect(textOf(reply)).toBe('');
      // What the page sent is recorded as sent; the locked setup had no sessionResumption, so none came.
      expect(emulator.connections[0]?.received[0]).toMatchObject({ setup: { model: 'models/gemini-live-2.5-flash-preview', generationConfig: { responseModalities: ['TEXT'] } } });
      expect(resumptionUpdates).toEqual([]);
    }));

  it('lockAdditionalFields [] locks only the fields the constraints set; the page keeps the others', () =>
    clockedEmulator(async (emulator) => {
      const token = await mint(emulator, { liveConnectConstraints: { config: { responseModalities: ['TEXT'] } }, lockAdditionalFields: [] });
      const session = tokenSession(emulator, token, { config: { responseModalities: ['AUDIO'], sessionResumption: {} } });
      const held = session.subscribe();
      const update = firstValueFrom(session.pipe(filter((message) => message.sessionResumptionUpdate?.resumable === true)));
      const reply = await turn(session, 'hello');
      held.unsubscribe();
      expect(textOf(reply)).toBe('Hello! How can I help you today?');
      expect(hasAudio(reply)).toBe(false);
      expect(await update).toBeDefined();
    }));
});

describe('a token getter: a fresh token per connection', () => {
  it('one-use tokens carry a session across a reconnect, each connection on its own token', () =>
    clockedEmulator(async (emulator) => {
      const baseline = liveResources();
      const issued: string[] = [];
      const getToken = async (): Promise<string> => {
        const token = await mint(emulator, { uses: 1 });
        issued.push(token);
        return token;
      };
      const session = tokenSession(emulator, getToken, { reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0, maxAttempts: 3 } });
      const held = session.subscribe();
      await turn(session, 'alpha');
      emulator.connections[0]?.drop();
      expect(textOf(await turn(session, 'bravo'))).toContain('bravo');
      held.unsubscribe();
      expect(issued).toHaveLength(2);
      expect(new Set(issued).size).toBe(2);
      expect(emulator.connections.map((connection) => connection.url.split('access_token=')[1])).toEqual(issued);
      expect(emulator.connections[1]?.sessionId).toBe(emulator.connections[0]?.sessionId);
      await expectNoLeaks(baseline);
    }, true));

  it('a getter that fails ends the session with a LiveConfigError naming apiKey, redacted', () =>
    clockedEmulator(async (emulator) => {
      const error = await errorOf(
        tokenSession(emulator, () => Promise.reject(new Error('token server down (last token auth_tokens/abcdef0123)'))),
      );
      expect(error).toMatchObject({ kind: 'config', path: 'apiKey' });
      expect(String(error)).toContain('token server down');
      expect(String(error)).not.toContain('abcdef0123');
      expect(emulator.connections).toHaveLength(0);
    }));
});
