import { once } from 'node:events';
import { firstValueFrom, lastValueFrom, type Observable, take, toArray } from 'rxjs';
import {
  LiveCloseError,
  LiveConnectionLostError,
  LiveHandshakeError,
  LiveInvalidArgumentError,
  LivePolicyViolationError,
  LiveProtocolError,
  LiveServerError,
  LiveSetupTimeoutError,
} from '../../lib/errors';
import type { LiveSessionOptions } from '../../lib/session/options';
import { liveSession } from '../../lib/node';
import { type CaptureServer, startCaptureServer } from '../support/captureServer';
import { startStallingServer, unusedPort } from '../support/rawServers';

const API_KEY = 'AIzaSocketTestSecret0001';

function options(baseUrl: string, extra: Partial<LiveSessionOptions> = {}): LiveSessionOptions {
  return { model: 'gemini-live-test', apiKey: API_KEY, baseUrl, apiVersion: 'v1beta', ...extra };
}

/** The error an Observable ends with (fails the test if it completes instead). */
function errorOf(source: Observable<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) =>
    source.subscribe({ error: resolve, complete: () => reject(new Error('completed instead of failing')) }),
  );
}

describe('liveSession over real ws sockets on 127.0.0.1', () => {
  let server: CaptureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('runs a text turn: setup first, sink values after setupComplete, binary and text frames decoded', async () => {
    server = await startCaptureServer({
      onFrame: (connection) => {
        if (connection.frames.length !== 2) return;
        connection.sendText({ serverContent: { modelTurn: { parts: [{ text: 'Bonjour' }] } } });
        connection.send({ serverContent: { turnComplete: true }, usageMetadata: { totalTokenCount: 7 } });
      },
    });
    const session = liveSession(options(server.baseUrl, { config: { responseModalities: ['TEXT'] } }));
    session.clientContent.next({ turns: 'Hello' });
    const messages = await lastValueFrom(session.pipe(take(3), toArray()));
    expect(messages).toEqual([
      { setupComplete: {} },
      { serverContent: { modelTurn: { parts: [{ text: 'Bonjour' }] } } },
      { serverContent: { turnComplete: true }, usageMetadata: { totalTokenCount: 7 } },
    ]);
    const connection = await server.connection(0);
    expect(connection.url).toBe(
      `/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=${API_KEY}`,
    );
    expect(connection.frames.every((frame) => !frame.binary)).toBe(true);
    expect(connection.messages()).toEqual([
      { setup: { model: 'models/gemini-live-test', generationConfig: { responseModalities: ['TEXT'] } } },
      { clientContent: { turns: [{ role: 'user', parts: [{ text: 'Hello' }] }], turnComplete: true } },
    ]);
    // take(3) unsubscribed: the server sees a normal closure.
    expect((await connection.closed).code).toBe(1000);
    expect(session.state.status).toBe('closed');
  });

  it.each([
    [1011, 'Internal error encountered.', LiveServerError],
    [1007, 'Request contains an invalid argument.', LiveInvalidArgumentError],
    [1008, 'models/nope is not found for API version v1beta', LivePolicyViolationError],
    [4000, 'custom close', LiveCloseError],
  ])('turns a server close %i into %p', async (code, reason, errorClass) => {
    server = await startCaptureServer({ onFrame: (connection) => connection.socket.close(code, reason) });
    const error = await errorOf(liveSession(options(server.baseUrl)));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ closeCode: code, reason });
  });

  it('completes on a server close with 1000', async () => {
    server = await startCaptureServer({ onFrame: (connection) => connection.socket.close(1000, 'done') });
    await expect(lastValueFrom(liveSession(options(server.baseUrl)).pipe(toArray()))).resolves.toEqual([{ setupComplete: {} }]);
  });

  it('reports a connection dropped without a close frame as LiveConnectionLostError', async () => {
    server = await startCaptureServer({ onFrame: (connection) => connection.socket.terminate() });
    expect(await errorOf(liveSession(options(server.baseUrl)))).toBeInstanceOf(LiveConnectionLostError);
  });

  it('ends with LiveProtocolError on a bad frame and closes the socket with 1000', async () => {
    server = await startCaptureServer({
      onFrame: (connection) => connection.socket.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true }),
    });
    const error = await errorOf(liveSession(options(server.baseUrl)));
    expect(error).toBeInstanceOf(LiveProtocolError);
    expect((await (await server.connection(0)).closed).code).toBe(1000);
  });

  it('times out when setupComplete never comes, and closes with 1000', async () => {
    server = await startCaptureServer({ answerSetup: false });
    const error = await errorOf(liveSession(options(server.baseUrl, { setupTimeoutMs: 300 })));
    expect(error).toBeInstanceOf(LiveSetupTimeoutError);
    const connection = await server.connection(0);
    expect(connection.messages()).toHaveLength(1);
    expect((await connection.closed).code).toBe(1000);
  });

  it('closes a socket that is still CONNECTING when the last subscriber leaves', async () => {
    const stalling = await startStallingServer();
    try {
      const session = liveSession(options(stalling.baseUrl));
      const subscription = session.subscribe({ error: () => undefined });
      const held = await stalling.held;
      // The HTTP server keeps upgrade sockets half-open, so the client going away shows as 'end'.
      const released = Promise.race([once(held, 'end'), once(held, 'close')]);
      subscription.unsubscribe();
      await released;
      expect(session.state.status).toBe('closed');
    } finally {
      await stalling.close();
    }
  });

  it('reports a refused upgrade as LiveHandshakeError with the HTTP status, without the key', async () => {
    const { WebSocketServer } = await import('ws');
    const refusing = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, done) => done(false, 403) });
    await once(refusing, 'listening');
    try {
      const address = refusing.address() as { port: number };
      const error = await errorOf(liveSession(options(`http://127.0.0.1:${address.port}`)));
      expect(error).toBeInstanceOf(LiveHandshakeError);
      expect((error as LiveHandshakeError).httpStatus).toBe(403);
      expect((error as Error).message).not.toContain(API_KEY);
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it('reports an unreachable server as a retryable LiveConnectionLostError', async () => {
    const port = await unusedPort();
    const error = await errorOf(liveSession(options(`http://127.0.0.1:${port}`)));
    expect(error).toBeInstanceOf(LiveConnectionLostError);
    expect((error as LiveConnectionLostError).retryable).toBe(true);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it('fetches a Vertex access token per connection from an async getter and sends it as a bearer header', async () => {
    server = await startCaptureServer({ setupComplete: { sessionId: 's-1' } });
    let calls = 0;
    const session = liveSession({
      model: 'gemini-live-2.5-flash',
      baseUrl: server.baseUrl,
      vertex: { project: 'p', location: 'us-central1', accessToken: async () => `ya29.token-${++calls}` },
    });
    await firstValueFrom(session);
    await firstValueFrom(session);
    expect(server.connections.map((connection) => connection.headers.authorization)).toEqual([
      'Bearer ya29.token-1',
      'Bearer ya29.token-2',
    ]);
    expect(server.connections[0]?.url).toBe('/ws/google.cloud.aiplatform.v1beta1.LlmBidiService/BidiGenerateContent');
    expect(server.connections[0]?.messages()[0]).toEqual({
      setup: {
        model: 'projects/p/locations/us-central1/publishers/google/models/gemini-live-2.5-flash',
        generationConfig: { responseModalities: ['AUDIO'] },
      },
    });
  });

  it('opens a new connection for a subscription after the last one ended', async () => {
    server = await startCaptureServer();
    const session = liveSession(options(server.baseUrl));
    await firstValueFrom(session);
    await firstValueFrom(session);
    expect(server.connections).toHaveLength(2);
    await Promise.all(server.connections.map((connection) => connection.closed));
  });
});
