import { Agent, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ServerOptions, type WebSocket, WebSocketServer } from 'ws';
import { LiveConfigError } from '../../lib/errors';
import { nodeWebSocketFactory } from '../../lib/transport/nodeWebSocket';
import {
  type SocketCloseEventLike,
  type SocketErrorEventLike,
  type SocketMessageEventLike,
  SocketReadyState,
  type WebSocketLike,
} from '../../lib/transport/webSocketLike';

type Recorded =
  | { readonly type: 'open' }
  | { readonly type: 'message'; readonly event: SocketMessageEventLike }
  | { readonly type: 'error'; readonly event: SocketErrorEventLike }
  | { readonly type: 'close'; readonly event: SocketCloseEventLike };

/** Records a socket's events in order and lets a test wait for one kind. */
class Recorder {
  readonly events: Recorded[] = [];
  private readonly waiters: { readonly test: (event: Recorded) => boolean; readonly resolve: (event: Recorded) => void }[] = [];

  constructor(socket: WebSocketLike, { withErrorHandler = true } = {}) {
    socket.onopen = () => this.push({ type: 'open' });
    socket.onmessage = (event) => this.push({ type: 'message', event });
    socket.onclose = (event) => this.push({ type: 'close', event });
    if (withErrorHandler) socket.onerror = (event) => this.push({ type: 'error', event });
  }

  get types(): string[] {
    return this.events.map((event) => event.type);
  }

  messages(count: number): Promise<SocketMessageEventLike[]> {
    const found = (): SocketMessageEventLike[] =>
      this.events.flatMap((recorded) => (recorded.type === 'message' ? [recorded.event] : []));
    return this.when(() => found().length >= count).then(found);
  }

  async closed(): Promise<SocketCloseEventLike> {
    const recorded = await this.when((event) => event.type === 'close');
    if (recorded.type !== 'close') throw new Error('unreachable');
    return recorded.event;
  }

  opened(): Promise<Recorded> {
    return this.when((event) => event.type === 'open');
  }

  private when(test: (event: Recorded) => boolean): Promise<Recorded> {
    const seen = this.events.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private push(event: Recorded): void {
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }
}

/** Open servers and raw sockets, closed after each test. */
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

function closeHttpServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** A Live-like `ws` server on 127.0.0.1:0 that records each upgrade's headers. */
async function startWsServer(
  onConnection: (socket: WebSocket) => void = () => undefined,
  verifyClient?: ServerOptions['verifyClient'],
): Promise<{ url: string; upgrades: IncomingHttpHeaders[]; serverSockets: WebSocket[] }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, verifyClient });
  const upgrades: IncomingHttpHeaders[] = [];
  const serverSockets: WebSocket[] = [];
  wss.on('connection', (socket, request) => {
    upgrades.push(request.headers);
    serverSockets.push(socket);
    onConnection(socket);
  });
  const port = await listen(http);
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await closeHttpServer(http);
  });
  return { url: `ws://127.0.0.1:${port}/ws/path?key=k`, upgrades, serverSockets };
}

/** Resolves when a server-side socket has closed: proof that the client let go of the connection. */
function serverSocketClosed(socket: WebSocket | Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

const factory = nodeWebSocketFactory();

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

describe('nodeWebSocketFactory', () => {
  it('sends the request headers on the upgrade and reports open', async () => {
    const server = await startWsServer();
    const socket = factory({ url: server.url, headers: { 'x-custom': 'yes', authorization: 'Bearer t0k3n', 'user-agent': 'rx-test/1' } });
    const recorder = new Recorder(socket);
    expect(socket.readyState).toBe(SocketReadyState.CONNECTING);
    expect(socket.binaryType).toBe('arraybuffer');
    await recorder.opened();
    expect(socket.readyState).toBe(SocketReadyState.OPEN);
    expect(server.upgrades[0]).toMatchObject({ 'x-custom': 'yes', authorization: 'Bearer t0k3n', 'user-agent': 'rx-test/1' });
    socket.close(1000);
    await recorder.closed();
  });

  it('delivers text frames as strings and binary frames as ArrayBuffers, in order', async () => {
    const server = await startWsServer((peer) => {
      peer.send('{"text":true}');
      peer.send(Buffer.from('{\n  "setupComplete": {}\n}\n'), { binary: true });
      peer.send('{"last":1}');
    });
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    const [text, binary, last] = await recorder.messages(3);
    expect(text?.data).toBe('{"text":true}');
    expect(isArrayBuffer(binary?.data)).toBe(true);
    expect(new TextDecoder().decode(binary?.data as ArrayBuffer)).toBe('{\n  "setupComplete": {}\n}\n');
    expect(last?.data).toBe('{"last":1}');
    socket.close(1000);
    await recorder.closed();
  });

  it('sends text frames and never pings', async () => {
    const received: { data: string; isBinary: boolean }[] = [];
    let pings = 0;
    const server = await startWsServer((peer) => {
      peer.on('ping', () => pings++);
      peer.on('message', (data, isBinary) => {
        received.push({ data: String(data), isBinary });
        peer.close(1000, 'done');
      });
    });
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    socket.onopen = () => socket.send('{"setup":{"model":"models/x"}}');
    const closed = await recorder.closed();
    expect(received).toEqual([{ data: '{"setup":{"model":"models/x"}}', isBinary: false }]);
    expect(closed).toMatchObject({ code: 1000, reason: 'done' });
    expect(pings).toBe(0);
  });

  it('answers the server pings', async () => {
    const server = await startWsServer((peer) => {
      peer.on('pong', (data) => peer.close(1000, String(data)));
      peer.ping('are-you-there');
    });
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    expect(await recorder.closed()).toMatchObject({ code: 1000, reason: 'are-you-there' });
  });

  it.each([
    [1000, ''],
    [1011, 'Internal error encountered.'],
    [4000, 'custom application close'],
  ])('propagates a server close %i with its reason and a clean flag', async (code, reason) => {
    const server = await startWsServer((peer) => peer.close(code, reason));
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    const closed = await recorder.closed();
    expect(closed).toMatchObject({ code, reason, wasClean: true });
    expect(socket.readyState).toBe(SocketReadyState.CLOSED);
    expect(recorder.types).toEqual(['open', 'close']);
    const peer = server.serverSockets[0];
    if (peer !== undefined && peer.readyState !== peer.CLOSED) await serverSocketClosed(peer);
  });

  it('closes with the given code and reason', async () => {
    let serverSaw: Promise<{ code: number; reason: string }> | undefined;
    const server = await startWsServer((peer) => {
      serverSaw = new Promise((resolve) => peer.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    });
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    await recorder.opened();
    socket.close(4001, 'client done');
    expect(await recorder.closed()).toMatchObject({ code: 4001, reason: 'client done', wasClean: true });
    expect(await serverSaw).toEqual({ code: 4001, reason: 'client done' });
  });

  it('reports a refused upgrade as an error with httpStatus, then close 1006', async () => {
    const server = await startWsServer(undefined, (_info, callback) => callback(false, 403, 'Forbidden'));
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    const closed = await recorder.closed();
    expect(recorder.types).toEqual(['error', 'close']);
    const error = recorder.events[0];
    expect(error?.type === 'error' ? error.event : undefined).toMatchObject({
      message: 'Unexpected server response: 403',
      httpStatus: 403,
    });
    expect(closed).toMatchObject({ code: 1006, wasClean: false });
    expect(socket.readyState).toBe(SocketReadyState.CLOSED);
    expect(server.upgrades).toEqual([]);
  });

  it.each([401, 404, 429, 503])('destroys a refused upgrade (HTTP %i) whose body never ends', async (status) => {
    const http = createServer();
    const serverSideClosed = new Promise<void>((resolve) => {
      http.on('request', (request, response) => {
        void serverSocketClosed(request.socket).then(resolve);
        response.writeHead(status, { 'content-type': 'application/json' });
        response.write('{"error":{"message":"this body never ends"'); // no end(): the client must let go
      });
    });
    const port = await listen(http);
    cleanups.push(() => closeHttpServer(http));

    const socket = factory({ url: `ws://127.0.0.1:${port}/`, headers: {} });
    const recorder = new Recorder(socket);
    const closed = await recorder.closed();
    await serverSideClosed;
    expect(recorder.events[0]).toMatchObject({ type: 'error', event: { httpStatus: status, message: `Unexpected server response: ${status}` } });
    expect(closed.code).toBe(1006);
  });

  it('never crashes on an error when no onerror is set', async () => {
    const server = await startWsServer(undefined, (_info, callback) => callback(false, 401));
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket, { withErrorHandler: false });
    expect((await recorder.closed()).code).toBe(1006);
  });

  it('reports a refused connection as an error without httpStatus, then close 1006', async () => {
    const http = createServer();
    const port = await listen(http);
    await closeHttpServer(http);
    const socket = factory({ url: `ws://127.0.0.1:${port}/`, headers: {} });
    const recorder = new Recorder(socket);
    const closed = await recorder.closed();
    expect(recorder.types).toEqual(['error', 'close']);
    const error = recorder.events[0];
    expect(error?.type === 'error' ? error.event.httpStatus : 'missing').toBeUndefined();
    expect(error?.type === 'error' ? error.event.message : '').toMatch(/ECONNREFUSED/);
    expect(closed.code).toBe(1006);
  });

  it('gives up on a slow handshake after handshakeTimeoutMs', async () => {
    const http = createServer();
    const held: Socket[] = [];
    // The server never answers the upgrade; it only watches for the client letting go ('end').
    const clientLetGo = new Promise<void>((resolve) => {
      http.on('upgrade', (_request, raw: Socket) => {
        held.push(raw);
        raw.once('end', () => resolve());
        raw.resume();
      });
    });
    const port = await listen(http);
    cleanups.push(async () => {
      for (const raw of held) raw.destroy();
      await closeHttpServer(http);
    });

    const socket = nodeWebSocketFactory({ handshakeTimeoutMs: 100 })({ url: `ws://127.0.0.1:${port}/`, headers: {} });
    const recorder = new Recorder(socket);
    const closed = await recorder.closed();
    await clientLetGo;
    expect(recorder.types).toEqual(['error', 'close']);
    expect(recorder.events[0]).toMatchObject({ type: 'error', event: { message: 'Opening handshake has timed out' } });
    expect(closed.code).toBe(1006);
  });

  it('closes a socket still connecting without an open event', async () => {
    const server = await startWsServer();
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    socket.close(1000);
    const closed = await recorder.closed();
    expect(closed.code).toBe(1006);
    expect(recorder.types).not.toContain('open');
  });

  it('offers permessage-deflate by default, like the SDK, and not when disabled', async () => {
    const server = await startWsServer();
    for (const make of [nodeWebSocketFactory(), nodeWebSocketFactory({ perMessageDeflate: false })]) {
      const socket = make({ url: server.url, headers: {} });
      const recorder = new Recorder(socket);
      await recorder.opened();
      socket.close(1000);
      await recorder.closed();
    }
    expect(server.upgrades[0]?.['sec-websocket-extensions']).toMatch(/permessage-deflate/);
    expect(server.upgrades[1]?.['sec-websocket-extensions']).toBeUndefined();
  });

  it('connects through the given agent', async () => {
    const server = await startWsServer();
    const agent = new Agent();
    cleanups.push(async () => agent.destroy());
    const createConnection = jest.spyOn(agent, 'createConnection');
    const socket = nodeWebSocketFactory({ agent })({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    await recorder.opened();
    socket.close(1000);
    await recorder.closed();
    expect(createConnection).toHaveBeenCalledTimes(1);
  });

  it('ignores a binaryType that ws does not know, and accepts one it does', async () => {
    const server = await startWsServer();
    const socket = factory({ url: server.url, headers: {} });
    const recorder = new Recorder(socket);
    socket.binaryType = 'no-such-type';
    expect(socket.binaryType).toBe('arraybuffer');
    socket.binaryType = 'nodebuffer';
    expect(socket.binaryType).toBe('nodebuffer');
    await recorder.opened();
    socket.close(1000);
    await recorder.closed();
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses handshakeTimeoutMs %p', (handshakeTimeoutMs) => {
    expect(() => nodeWebSocketFactory({ handshakeTimeoutMs })).toThrow(LiveConfigError);
  });
});
