/**
 * The Live API emulator: a real WebSocket server on 127.0.0.1 that speaks the Gemini Live protocol
 * the way Google does, so sessions can be developed and tested offline, in CI, and side by side with
 * other clients. Point any client at `emulator.baseUrl` (our `baseUrl` option, or the official SDK's
 * `httpOptions.baseUrl`).
 */
import { createServer, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { EmulatorAuthTokens } from './authTokens';
import { EmulatorConnection, type EmulatorShared } from './emulatorConnection';
import type { EmulatorOptions } from './options';
import { type EmulatorRoute, isRefusal, routeRequest } from './routes';
import { SessionStore } from './sessionStore';

/**
 * A running emulator.
 *
 * @category emulator
 * @since 0.2.0
 */
export interface LiveEmulator {
  /** `http://127.0.0.1:PORT`: give it to `liveSession({ baseUrl })`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Every connection so far, oldest first. */
  readonly connections: readonly EmulatorConnection[];
  /** Resolves with the Nth connection (1-based) once it exists. */
  connection(index: number): Promise<EmulatorConnection>;
  /** Closes every connection (dropping them) and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts an emulator on 127.0.0.1 (port 0 picks a free port).
 *
 * @example
 * ```ts
 * import { startEmulator } from 'rx-gemini-live/testing';
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const emulator = await startEmulator();
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'any-key', baseUrl: emulator.baseUrl, config: { responseModalities: ['TEXT'] } });
 * session.subscribe((message) => console.log(message));
 * session.clientContent.next({ turns: 'What is the capital of France?' });
 * ```
 *
 * @category emulator
 * @since 0.2.0
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<LiveEmulator> {
  const tokenUses = new Map(Object.entries(options.ephemeralTokens ?? {}).map(([token, { uses }]) => [token, uses]));
  const shared: EmulatorShared = {
    options,
    store: new SessionStore(),
    firedFaults: new Set(),
    tokenUses,
    authTokens: new EmulatorAuthTokens(options, tokenUses),
  };
  const connections: EmulatorConnection[] = [];
  const waiting = new Map<number, ((connection: EmulatorConnection) => void)[]>();
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((request, response) => {
    if (shared.authTokens.serve(request, response)) return;
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Gemini Live API emulator: connect with a WebSocket to /ws/…BidiGenerateContent\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const routed = routeRequest({ url: request.url ?? '/', headers: request.headers });
    const refusal = isRefusal(routed) ? routed : credentialRefusal(routed, options, shared.authTokens);
    if (refusal !== undefined) {
      refuse(socket, refusal.status, refusal.message);
      return;
    }
    const route = routed as EmulatorRoute;
    wss.handleUpgrade(request, socket, head, (webSocket) => {
      const connection = new EmulatorConnection(connections.length + 1, request.url ?? '/', request.headers, route, webSocket, shared);
      connections.push(connection);
      for (const resolve of waiting.get(connection.index) ?? []) resolve(connection);
      waiting.delete(connection.index);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    connections,
    connection: (index) => {
      const existing = connections[index - 1];
      if (existing !== undefined) return Promise.resolve(existing);
      return new Promise((resolve) => waiting.set(index, [...(waiting.get(index) ?? []), resolve]));
    },
    close: async () => {
      for (const connection of connections) connection.drop();
      await Promise.all(connections.map((connection) => connection.closed));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      wss.close();
    },
  };
}

/** Keys and tokens the options restrict: a wrong one is refused at the upgrade, as Google does. */
function credentialRefusal(route: EmulatorRoute, options: EmulatorOptions, minted: EmulatorAuthTokens): { status: number; message: string } | undefined {
  const { kind, value } = route.credential;
  if (kind === 'apiKey' && options.apiKeys !== undefined && !options.apiKeys.includes(value)) {
    return { status: 403, message: 'API key not valid. Please pass a valid API key.' };
  }
  if (kind === 'ephemeralToken' && options.ephemeralTokens !== undefined && !(value in options.ephemeralTokens) && !minted.has(value)) {
    return { status: 401, message: 'The ephemeral token is not valid.' };
  }
  return undefined;
}

function refuse(socket: Socket, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
