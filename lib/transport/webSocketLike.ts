/**
 * The socket as the session sees it: the few members of the WHATWG `WebSocket` that we use, written
 * structurally so the public types need no DOM lib (a bug users hit with `@google/genai`)
 * and so tests can inject a fake.
 */

/** `readyState` values, as in the WHATWG WebSocket. */
export const SocketReadyState = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;

/** @since 0.1.0 */
export interface SocketMessageEventLike {
  /** A string for text frames; an `ArrayBuffer`, a view or a Node `Buffer` for binary frames. */
  readonly data: unknown;
}

/** @since 0.1.0 */
export interface SocketCloseEventLike {
  readonly code: number;
  readonly reason: string;
  readonly wasClean?: boolean;
}

/** @since 0.1.0 */
export interface SocketErrorEventLike {
  /** `ws` and undici put a message here; browsers give a bare `Event`. */
  readonly message?: string;
  readonly error?: unknown;
  /** Set by factories that can see a refused upgrade's HTTP status (the `ws` factory does). */
  readonly httpStatus?: number;
  /**
   * True when the socket refused a frame from the server: invalid UTF-8 in a text frame, a frame over
   * the size limit, a malformed frame. The socket closes itself (1002, 1007 or 1009); the session ends
   * with a `LiveProtocolError`, not a lost connection. Set by the `ws` factory; browsers cannot tell.
   *
   * @since 0.2.0
   */
  readonly frameRejected?: boolean;
}

/**
 * The structural WebSocket the session drives. Browsers' `WebSocket`, undici's and `ws`'s all fit.
 *
 * @since 0.1.0
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** Bytes queued by `send` but not yet written; drives realtime backpressure. */
  readonly bufferedAmount: number;
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: SocketMessageEventLike) => void) | null;
  onerror: ((event: SocketErrorEventLike) => void) | null;
  onclose: ((event: SocketCloseEventLike) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * Everything needed to open one Live connection. `headers` are empty in browsers, which cannot send
 * them.
 *
 * @since 0.1.0
 */
export interface SocketRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Opens a socket. Called once per connection, at subscribe time.
 *
 * @since 0.1.0
 */
export type WebSocketFactory = (request: SocketRequest) => WebSocketLike;
