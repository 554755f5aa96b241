/**
 * No credential in anything we show: an API key, an ephemeral token and a bearer token are kept out
 * of every error (message, stack, reason, excerpt, problems), every `state$` value, every console line
 * and every printed URL, along every failure path we know, with and without reconnect. The servers
 * and runtimes here go out of their way to echo the credential back.
 */
import { Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { resolveEndpoint } from '../../lib/transport/endpoint';
import type { SocketRequest } from '../../lib/transport/webSocketLike';
import { createLiveSession } from '../../lib/session/liveSession';
import type { LiveSessionOptions } from '../../lib/session/options';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { type FakeSocket, fakeSocketFactory } from '../../lib/testing/fakeSocket';
import { liveSession } from '../../lib/node';
import { startEmulator } from '../../lib/testing/emulator/startEmulator';
import { expectNoLeaks, liveResources } from '../support/leaks';

const API_KEY = 'AIzaSyD-SecretSpecKey_0123456789abcdef';
const TOKEN = 'auth_tokens/ephemeral-secret-0123456789';
const BEARER = 'ya29.a0SecretBearerToken0123456789';
const SECRETS = [API_KEY, TOKEN, BEARER, encodeURIComponent(TOKEN), 'SecretSpecKey', 'ephemeral-secret', 'SecretBearerToken'];

type Credential = Pick<LiveSessionOptions, 'apiKey' | 'vertex'>;
const CREDENTIALS: [string, Credential][] = [
  ['an API key', { apiKey: API_KEY }],
  ['an ephemeral token', { apiKey: TOKEN }],
  ['a Vertex AI bearer token', { vertex: { project: 'p', location: 'us-central1', accessToken: BEARER } }],
];

/** What a server or a runtime might put in front of us, all naming the credential. */
type Failure = (socket: FakeSocket, request: SocketRequest) => void;
const echo = (request: SocketRequest): string => `${request.url} ${JSON.stringify(request.headers)} ${API_KEY} ${TOKEN} ${BEARER}`;
const FAILURES: [string, Failure][] = [
  ['a refused upgrade whose message quotes the URL', (socket, request) => { socket.onerror?.({ message: echo(request), httpStatus: 403 }); socket.serverClose(1006, '', false); }],
  ['a runtime error that quotes the URL before open', (socket, request) => { socket.onerror?.({ message: echo(request) }); socket.serverClose(1006, '', false); }],
  ['a 1007 whose reason echoes the key', (socket, request) => { socket.open(); socket.serverClose(1007, `API key expired ${echo(request)}`.slice(0, 120)); }],
  ['a 1011 echoing the token', (socket) => { socket.open(); socket.receive({ setupComplete: {} }); socket.serverClose(1011, `Token ${TOKEN} has been used too many times`); }],
  ['a 1008 echoing the bearer', (socket) => { socket.open(); socket.serverClose(1008, `Bearer ${BEARER} not allowed`); }],
  ['a drop whose error message quotes the URL', (socket, request) => { socket.open(); socket.receive({ setupComplete: {} }); socket.drop(echo(request)); }],
  ['a bad frame echoing the credentials', (socket, request) => { socket.open(); socket.receive({ setupComplete: {} }); socket.receiveRaw(`{"echo": "${echo(request).replace(/"/g, "'")}", `); }],
  ['a frame with a wrong shape echoing them', (socket, request) => { socket.open(); socket.receive({ setupComplete: {} }); socket.receive({ serverContent: { turnComplete: echo(request) } }); }],
  ['no setupComplete (setup timeout)', (socket) => socket.open()],
];

/** Everything a user could print about an outcome. */
function printable(value: unknown): string {
  if (value instanceof Error) {
    const fields = Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'cause'));
    return [String(value), value.message, value.stack ?? '', JSON.stringify(fields)].join('\n');
  }
  return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Error ? printable(inner) : inner)) ?? String(value);
}

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect({ where, leaks: text.includes(secret) }).toEqual({ where, leaks: false });
}

describe('secrets never reach errors, state$, logs or printed URLs', () => {
  let logged: string[] = [];
  const spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    logged = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(printable).join(' '))));
    }
  });
  afterEach(() => {
    for (const spy of spies.splice(0)) spy.mockRestore();
  });

  it.each(CREDENTIALS)('the printed URL of %s', async (_name, credential) => {
    const endpoint = await resolveEndpoint(credential);
    expectNoSecret(endpoint.displayUrl, 'displayUrl');
    if (credential.apiKey !== undefined) expect(endpoint.displayUrl).toContain('[REDACTED]');
  });

  for (const [credentialName, credential] of CREDENTIALS) {
    for (const reconnect of [false, true]) {
      it.each(FAILURES)(`${credentialName}${reconnect ? ', with reconnect' : ''}: %s`, (_name, failure) => {
        const scheduler = new TestScheduler(() => undefined);
        scheduler.run(() => {
          const factory = fakeSocketFactory((socket) => failure(socket, socket.request));
          const session = createLiveSession(
            { model: 'gemini-live-test', ...credential, webSocketFactory: factory, scheduler, setupTimeoutMs: 50, reconnect: reconnect && { maxAttempts: 2, initialDelayMs: 5, jitter: 0 } },
            () => {
              throw new Error('unused');
            },
          );
          const states: LiveSessionState[] = [];
          const outcomes: unknown[] = [];
          const subscriptions = new Subscription();
          subscriptions.add(session.state$.subscribe((state) => states.push(state)));
          subscriptions.add(session.subscribe({ next: (message) => outcomes.push(message), error: (error: unknown) => outcomes.push(error) }));
          scheduler.flush();
          subscriptions.unsubscribe();
          expect(states.at(-1)?.status).toBe('closed');
          expect(states.some((state) => state.error !== undefined)).toBe(true);
          expectNoSecret(printable(states), 'state$');
          expectNoSecret(outcomes.map(printable).join('\n'), 'errors');
          expectNoSecret(logged.join('\n'), 'console');
        });
      });
    }
  }

  it('a factory that throws with the URL in its message', () => {
    const session = createLiveSession(
      {
        model: 'gemini-live-test',
        apiKey: API_KEY,
        webSocketFactory: (request) => {
          throw new Error(`cannot open ${request.url}`);
        },
      },
      () => {
        throw new Error('unused');
      },
    );
    let failure: unknown;
    session.subscribe({ error: (error: unknown) => (failure = error) });
    expect(failure).toBeInstanceOf(Error);
    expectNoSecret(printable(failure), 'factory error');
    expectNoSecret(printable(session.state), 'state');
  });

  it('an access-token getter that fails with the token in its message', async () => {
    const session = createLiveSession(
      {
        model: 'gemini-live-test',
        vertex: {
          project: 'p',
          location: 'us-central1',
          accessToken: () => Promise.reject(new Error(`refresh failed for ${BEARER}`)),
        },
        webSocketFactory: fakeSocketFactory(),
        reconnect: true,
      },
      () => {
        throw new Error('unused');
      },
    );
    const failure = await new Promise((resolve) => session.subscribe({ error: resolve }));
    expect(failure).toMatchObject({ kind: 'config' });
    expectNoSecret(printable(failure), 'getter error');
  });

  it('real sockets: a refused key and a used-up ephemeral token on the emulator, with reconnect', async () => {
    const baseline = liveResources();
    const emulator = await startEmulator({ apiKeys: ['AIzaSomeOtherKey0000000000'], ephemeralTokens: { [TOKEN]: { uses: 0 } } });
    try {
      const outcomes: unknown[] = [];
      const states: LiveSessionState[] = [];
      for (const apiKey of [API_KEY, TOKEN]) {
        const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey, baseUrl: emulator.baseUrl, reconnect: { maxAttempts: 1, initialDelayMs: 5 } });
        session.state$.subscribe((state) => states.push(state));
        outcomes.push(await new Promise((resolve) => session.subscribe({ error: resolve })));
      }
      expect(outcomes).toEqual([expect.objectContaining({ httpStatus: 403 }), expect.objectContaining({ closeCode: 1011, retryable: false })]);
      expectNoSecret(outcomes.map(printable).join('\n'), 'errors');
      expectNoSecret(printable(states), 'state$');
      expectNoSecret(logged.join('\n'), 'console');
    } finally {
      await emulator.close();
    }
    await expectNoLeaks(baseline);
  });
});
