/**
 * A recording Live server for conformance tests: it accepts any path, records each connection's request
 * URL, upgrade headers and every client frame, answers `setup` with `setupComplete` the way Google does
 * (pretty-printed JSON in a binary frame, PROTOCOL.md §0.1 and §1.5), and otherwise stays silent.
 * Both `@google/genai` and our library can be pointed at it, so their frames can be compared.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/** One client frame as received. */
export interface CapturedFrame {
  /** True for a binary frame; clients are expected to send text (PROTOCOL.md §0.1). */
  readonly binary: boolean;
  readonly text: string;
  /** `JSON.parse(text)`, or `undefined` when the frame is not JSON. */
  readonly json: unknown;
}

/** One client connection as the capture server saw it. */
export interface CapturedConnection {
  /** The request target, e.g. `//ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=K`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Every frame received so far, in order. */
  readonly frames: readonly CapturedFrame[];
  /** The parsed JSON of every frame so far (frames that were not JSON are left out). */
  messages(): unknown[];
  /** Resolves once `count` frames have arrived, with the parsed messages at that moment. */
  framesReceived(count: number): Promise<unknown[]>;
  /** Resolves with the code and reason once the connection has closed, whoever closed it. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
  /** Sends a server message the way Google does: pretty-printed JSON in a binary frame. */
  send(message: unknown): void;
  /** Sends a server message as a compact text frame. */
  sendText(message: unknown): void;
  /** The server side of the socket, for tests that close, terminate or send raw bytes. */
  readonly socket: WebSocket;
}

/** Options for `startCaptureServer`. */
export interface CaptureServerOptions {
  /** The `setupComplete` payload. Gemini sends `{}`; Vertex sends `{sessionId}` (PROTOCOL.md §4.2). */
  readonly setupComplete?: Readonly<Record<string, unknown>>;
  /** Answer `setup` with `setupComplete` (default true); false leaves the client waiting. */
  readonly answerSetup?: boolean;
  /** Runs after each client frame is recorded (and after `setupComplete` was sent for `setup`). */
  readonly onFrame?: (connection: CapturedConnection, frame: CapturedFrame) => void;
}

/** A running capture server. */
export interface CaptureServer {
  /** `http://127.0.0.1:PORT`: what both clients take as their `baseUrl`. */
  readonly baseUrl: string;
  readonly connections: readonly CapturedConnection[];
  /** Resolves with the `index`-th connection (0-based) once it exists. */
  connection(index: number): Promise<CapturedConnection>;
  /** Closes every open connection with 1000, waits for each to finish closing, then stops listening. */
  close(): Promise<void>;
}

/** Starts a capture server on 127.0.0.1 with an OS-chosen port. */
export async function startCaptureServer(options: CaptureServerOptions = {}): Promise<CaptureServer> {
  const setupComplete = options.setupComplete ?? {};
  const answerSetup = options.answerSetup ?? true;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const connections: CapturedConnection[] = [];
  const sockets: { socket: WebSocket; closed: Promise<unknown> }[] = [];
  const connectionWaiters: (() => void)[] = [];

  wss.on('connection', (socket, request) => {
    const frames: CapturedFrame[] = [];
    const frameWaiters: { count: number; resolve: (messages: unknown[]) => void }[] = [];
    const messages = (): unknown[] => frames.filter((frame) => frame.json !== undefined).map((frame) => frame.json);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const send = (message: unknown): void => {
      socket.send(Buffer.from(`${JSON.stringify(message, null, 2)}\n`), { binary: true });
    };

    socket.on('message', (data: RawData, isBinary: boolean) => {
      const text = rawDataToString(data);
      const frame: CapturedFrame = { binary: isBinary, text, json: parseOrUndefined(text) };
      frames.push(frame);
      if (answerSetup && isRecord(frame.json) && 'setup' in frame.json) send({ setupComplete });
      options.onFrame?.(connection, frame);
      for (const waiter of frameWaiters.filter((w) => frames.length >= w.count)) {
        frameWaiters.splice(frameWaiters.indexOf(waiter), 1);
        waiter.resolve(messages());
      }
    });

    const connection: CapturedConnection = {
      socket,
      sendText: (message) => socket.send(JSON.stringify(message)),
      url: request.url ?? '',
      headers: request.headers,
      frames,
      messages,
      framesReceived: (count) =>
        frames.length >= count ? Promise.resolve(messages()) : new Promise((resolve) => frameWaiters.push({ count, resolve })),
      closed,
      send,
    };
    connections.push(connection);
    sockets.push({ socket, closed });
    for (const wake of connectionWaiters.splice(0)) wake();
  });

  const port = (wss.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    connections,
    connection: (index) =>
      new Promise((resolve) => {
        const check = (): void => {
          const found = connections[index];
          if (found !== undefined) resolve(found);
          else connectionWaiters.push(check);
        };
        check();
      }),
    close: async () => {
      for (const { socket } of sockets) {
        if (socket.readyState === socket.OPEN) socket.close(1000, 'capture server closing');
        else if (socket.readyState === socket.CONNECTING) socket.terminate();
      }
      await Promise.all(sockets.map(({ closed }) => closed));
      await new Promise<void>((resolve, reject) => wss.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
