/**
 * The Node socket, for the `./node` entry only: the `ws` package, which can send upgrade headers
 * (Vertex `Authorization`, express-mode `x-goog-api-key`) and reports a refused upgrade's HTTP status.
 * The browser-safe core must never import this file.
 */

import type { Agent } from 'node:http';
import { type ClientOptions, WebSocket } from 'ws';
import { checkTimerMs } from '../util/timerLimit';
import type {
  SocketCloseEventLike,
  SocketErrorEventLike,
  SocketMessageEventLike,
  SocketRequest,
  WebSocketFactory,
  WebSocketLike,
} from './webSocketLike';

/**
 * Options of the `ws`-backed factory. There is deliberately no ping option: the client never pings
 * (`ws` only answers the server's pings), because Gemini's pongs can take 8–30 s and an aggressive
 * liveness check closes healthy sessions.
 *
 * @category transport
 * @since 0.1.0
 */
export interface NodeWebSocketOptions {
  /** Offer `permessage-deflate`. Default: `ws`'s default (offered), as `@google/genai` does. */
  readonly perMessageDeflate?: boolean;
  /** Give up on an upgrade that takes longer than this; the socket then errors and closes with 1006. */
  readonly handshakeTimeoutMs?: number;
  /** An `http.Agent`, e.g. from `https-proxy-agent`, to reach the server through a proxy. */
  readonly agent?: Agent;
  /**
   * How long to wait for the server's answer to our close frame (or to the close `ws` starts after a
   * frame it refused) before dropping the connection: a peer that never answers must not hold the
   * socket and a timer for `ws`'s own 30 s. Default 1 000 ms.
   *
   * @since 0.2.0
   */
  readonly closeTimeoutMs?: number;
}

/** The default of `NodeWebSocketOptions.closeTimeoutMs`. */
const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;

/** The binary types `ws` understands; any other value is ignored, as `ws` itself does. */
const WS_BINARY_TYPES = ['nodebuffer', 'arraybuffer', 'fragments'] as const;
type WsBinaryType = (typeof WS_BINARY_TYPES)[number];

function isWsBinaryType(value: string): value is WsBinaryType {
  return (WS_BINARY_TYPES as readonly string[]).includes(value);
}

/**
 * A `WebSocketFactory` backed by `ws`: it sends `request.headers`, sets `binaryType` to
 * `'arraybuffer'` (the server's JSON comes in binary frames), and turns a refused
 * upgrade (HTTP 401, 403, 404, 429, 503 …) into an `onerror` event with the numeric `httpStatus` and
 * the message `Unexpected server response: <status>`, followed by `onclose` with code 1006. The
 * refused response is discarded and its connection destroyed.
 *
 * @example
 * ```ts
 * import { liveSession, nodeWebSocketFactory } from 'rx-gemini-live/node';
 *
 * const session = liveSession({
 *   model,
 *   vertex: { project, location, accessToken },
 *   webSocketFactory: nodeWebSocketFactory({ handshakeTimeoutMs: 10_000 }),
 * });
 * ```
 *
 * @throws LiveConfigError when `handshakeTimeoutMs` or `closeTimeoutMs` is not a number of
 *   milliseconds above 0 and at most 2^31 − 1 (what a timer can hold).
 * @category transport
 * @since 0.1.0
 */
export function nodeWebSocketFactory(options: NodeWebSocketOptions = {}): WebSocketFactory {
  const { handshakeTimeoutMs, closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS } = options;
  if (handshakeTimeoutMs !== undefined) checkTimerMs('handshakeTimeoutMs', handshakeTimeoutMs);
  checkTimerMs('closeTimeoutMs', closeTimeoutMs);
  const clientOptions: ClientOptions = {};
  if (options.perMessageDeflate !== undefined) clientOptions.perMessageDeflate = options.perMessageDeflate;
  if (handshakeTimeoutMs !== undefined) clientOptions.handshakeTimeout = handshakeTimeoutMs;
  if (options.agent !== undefined) clientOptions.agent = options.agent;
  return (request) => new NodeSocket(request, clientOptions, closeTimeoutMs);
}

/**
 * `ws`'s socket behind our own `on*` properties. `ws` already fits `WebSocketLike`, but its error
 * event cannot carry the HTTP status of a refused upgrade; wrapping also keeps an 'error' listener
 * attached at all times, so an error with no `onerror` set can never crash the process (an
 * EventEmitter 'error' without a listener throws).
 */
class NodeSocket implements WebSocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: SocketMessageEventLike) => void) | null = null;
  onerror: ((event: SocketErrorEventLike) => void) | null = null;
  onclose: ((event: SocketCloseEventLike) => void) | null = null;

  private readonly socket: WebSocket;
  /** The status of a refused upgrade, reported with the error that `terminate()` then causes. */
  private refusedStatus: number | undefined;
  /** Drops the connection if the peer does not answer a close in time. */
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    request: SocketRequest,
    clientOptions: ClientOptions,
    private readonly closeTimeoutMs: number,
  ) {
    this.socket = new WebSocket(request.url, { ...clientOptions, headers: { ...request.headers } });
    this.socket.binaryType = 'arraybuffer';
    this.socket.on('unexpected-response', (_request, response) => {
      this.refusedStatus = response.statusCode ?? 0;
      // Aborts the handshake request and destroys its connection; `ws` then emits 'error' and
      // 'close' (1006) on the next tick. The response body is never read.
      this.socket.terminate();
      response.destroy();
    });
    // `ws`'s EventEmitter events rather than `addEventListener`: that one wraps each listener in a
    // function carrying two properties of its own (a property table per socket and event) and builds
    // an event object per message, which a server holding many sessions pays for on every frame. The
    // values are the ones its event objects carry: text frames as strings, binary ones as `ws` hands
    // them over (per `binaryType`).
    this.socket.on('open', () => this.onopen?.(undefined));
    this.socket.on('message', (data: WebSocket.Data, isBinary: boolean) => this.onmessage?.({ data: isBinary ? data : data.toString() }));
    // The close event keeps `ws`'s own object: its `wasClean` comes from the close handshake's state.
    this.socket.addEventListener('close', (event) => {
      clearTimeout(this.closeTimer);
      this.onclose?.(event);
    });
    this.socket.on('error', (error: Error) => {
      const status = this.refusedStatus;
      if (status === undefined) {
        const frameRejected = isFrameRejection(error);
        // `ws` answers a refused frame with a close of its own, and would wait 30 s for the reply.
        if (frameRejected) this.dropUnlessClosedIn(this.closeTimeoutMs);
        this.onerror?.({ message: error.message, error, ...(frameRejected ? { frameRejected } : {}) });
        return;
      }
      const message = `Unexpected server response: ${status}`;
      this.onerror?.({ message, error: new Error(message), httpStatus: status });
    });
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  get binaryType(): string {
    return this.socket.binaryType;
  }

  set binaryType(value: string) {
    if (isWsBinaryType(value)) this.socket.binaryType = value;
  }

  send(data: string): void {
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
    this.dropUnlessClosedIn(this.closeTimeoutMs);
  }

  private dropUnlessClosedIn(ms: number): void {
    if (this.closeTimer !== undefined || this.socket.readyState === WebSocket.CLOSED) return;
    this.closeTimer = setTimeout(() => this.socket.terminate(), ms);
  }
}

/**
 * Whether `ws` reported a frame it refused: its receiver's errors carry a documented `WS_ERR_*` code
 * (invalid UTF-8, too large, bad opcode, …), and a corrupt compressed frame a zlib `Z_*` code. Errors
 * of the connection itself (`ECONNRESET`, `EPIPE`) carry neither.
 */
function isFrameRejection(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('WS_ERR_') || code.startsWith('Z_'));
}
