import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One client connection as the test server sees it. */
export interface ServerConnection {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Parsed client frames, in order. */
  readonly frames: unknown[];
  /** Resolves with the close code and reason the client (or the server) ended the connection with. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves when the client has sent `count` frames in total. */
  framesReceived(count: number): Promise<unknown[]>;
  /** Sends a message like Google does: pretty-printed JSON in a binary frame. */
  sendBinary(message: unknown): void;
  sendText(message: unknown): void;
}

/** A `ws` server on 127.0.0.1 for socket-level tests; `behave` scripts each connection. */
export interface LiveTestServer {
  /** `http://127.0.0.1:PORT`, for the `baseUrl` option. */
  readonly baseUrl: string;
  readonly connections: ServerConnection[];
  /** Resolves with the `n`-th connection (0-based) once it exists. */
  connection(n: number): Promise<ServerConnection>;
  close(): Promise<void>;
}

export async function startLiveTestServer(behave: (connection: ServerConnection) => void = answerSetup): Promise<LiveTestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const connections: ServerConnection[] = [];
  const waiting: ((connection: ServerConnection) => void)[] = [];
  wss.on('connection', (socket, request) => {
    const frames: unknown[] = [];
    const frameWaiters: { count: number; resolve: (frames: unknown[]) => void }[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => {
      frames.push(JSON.parse(String(data)));
      for (const waiter of frameWaiters.filter((w) => frames.length >= w.count)) {
        frameWaiters.splice(frameWaiters.indexOf(waiter), 1);
        waiter.resolve(frames);
      }
    });
    const connection: ServerConnection = {
      socket,
      request,
      frames,
      closed,
      framesReceived: (count) =>
        frames.length >= count ? Promise.resolve(frames) : new Promise((resolve) => frameWaiters.push({ count, resolve })),
      sendBinary: (message) => socket.send(Buffer.from(JSON.stringify(message, null, 2) + '\n'), { binary: true }),
      sendText: (message) => socket.send(JSON.stringify(message)),
    };
    connections.push(connection);
    behave(connection);
    for (const resolve of waiting.splice(0)) resolve(connection);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    connections,
    connection: (n) =>
      connections[n] !== undefined
        ? Promise.resolve(connections[n] as ServerConnection)
        : new Promise((resolve) => {
            const check = (): void => {
              const found = connections[n];
              if (found !== undefined) resolve(found);
              else waiting.push(check);
            };
            check();
          }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** The default behaviour: answer the first frame (`setup`) with `setupComplete`, like Google. */
export function answerSetup(connection: ServerConnection): void {
  connection.socket.once('message', () => connection.sendBinary({ setupComplete: {} }));
}

/**
 * An HTTP server that accepts upgrade requests and never answers them, so a client socket stays
 * CONNECTING. `upgrades` resolves each held request's socket close.
 */
export async function startStallingServer(): Promise<{ baseUrl: string; held: Promise<Socket>; close(): Promise<void> }> {
  const server: Server = createServer();
  const sockets = new Set<Socket>();
  let hold: (socket: Socket) => void = () => undefined;
  const held = new Promise<Socket>((resolve) => (hold = resolve));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (_request, socket) => hold(socket as Socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (taken from the OS, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
