import type { Observable, Subscription } from 'rxjs';
import {
  type SocketCloseEventLike,
  type SocketErrorEventLike,
  type SocketMessageEventLike,
  SocketReadyState,
  type SocketRequest,
  type WebSocketLike,
} from '../transport/webSocketLike';

/**
 * How a `FakeSocket` delivers a server message: `binary` (the default, like Google: pretty-printed
 * JSON in a binary frame) or `text`.
 *
 * @since 0.1.0
 */
export type FakeFrameKind = 'binary' | 'text';

/**
 * A synchronous, in-memory `WebSocketLike` for tests. The code under test drives the client side
 * (`send`, `close`); the test plays the server with `open()`, `receive()`, `serverClose()`, `drop()`
 * and `refuse()`. Every event fires synchronously, so it works inside `TestScheduler.run`.
 *
 * @example
 * ```ts
 * const factory = fakeSocketFactory((socket) => socket.open());
 * const session = liveSession({ model: 'm', apiKey: 'k', webSocketFactory: factory });
 * session.subscribe();
 * factory.last?.receive({ setupComplete: {} });
 * ```
 *
 * @category testing
 * @since 0.1.0
 */
export class FakeSocket implements WebSocketLike {
  readyState: number = SocketReadyState.CONNECTING;
  /** Set it to simulate a congested socket. */
  bufferedAmount = 0;
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: SocketMessageEventLike) => void) | null = null;
  onerror: ((event: SocketErrorEventLike) => void) | null = null;
  onclose: ((event: SocketCloseEventLike) => void) | null = null;

  /** Raw frames the client sent, in order. */
  readonly sent: string[] = [];
  /** Set when the client called `close`, with what it passed. */
  clientClose: { readonly code: number | undefined; readonly reason: string | undefined } | undefined;

  private readonly closeHooks: (() => void)[] = [];

  constructor(readonly request: SocketRequest) {}

  /** Runs `hook` once the socket is closed, by either side (at once if it already is). */
  afterClose(hook: () => void): void {
    if (this.readyState === SocketReadyState.CLOSED) hook();
    else this.closeHooks.push(hook);
  }

  /** The client's frames, parsed. */
  get sentMessages(): unknown[] {
    return this.sent.map((frame) => JSON.parse(frame) as unknown);
  }

  // Client side: what the code under test calls.

  send(data: string): void {
    if (this.readyState === SocketReadyState.CONNECTING) {
      throw new Error('FakeSocket: send() while CONNECTING (a real WebSocket throws InvalidStateError)');
    }
    // Like a real socket, a frame sent while closing or closed is discarded.
    if (this.readyState === SocketReadyState.OPEN) this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === SocketReadyState.CLOSING || this.readyState === SocketReadyState.CLOSED) return;
    this.clientClose = { code, reason };
    this.closeWith({ code: code ?? 1005, reason: reason ?? '', wasClean: true });
  }

  // Server side: what a test calls.

  /** Completes the handshake. */
  open(): void {
    this.readyState = SocketReadyState.OPEN;
    this.onopen?.({});
  }

  /** Delivers a message from the server, serialised like Google does. */
  receive(message: unknown, kind: FakeFrameKind = 'binary'): void {
    const json = JSON.stringify(message, null, 2) + '\n';
    this.receiveRaw(kind === 'text' ? json : new TextEncoder().encode(json).buffer);
  }

  /** Delivers exactly `data` as a frame: for malformed frames and unusual encodings. */
  receiveRaw(data: unknown): void {
    this.onmessage?.({ data });
  }

  /** The server closes the connection with a close frame. */
  serverClose(code = 1000, reason = '', wasClean = true): void {
    if (this.readyState === SocketReadyState.CLOSED) return;
    this.closeWith({ code, reason, wasClean });
  }

  /** The connection drops without a close frame (network loss): an error, then close 1006. */
  drop(message = 'connection lost'): void {
    if (this.readyState === SocketReadyState.CLOSED) return;
    this.onerror?.({ message });
    this.closeWith({ code: 1006, reason: '', wasClean: false });
  }

  /** The server refuses the WebSocket upgrade with an HTTP status (401, 403, 404, 429, 503 …). */
  refuse(httpStatus: number): void {
    if (this.readyState === SocketReadyState.CLOSED) return;
    this.onerror?.({ message: `Unexpected server response: ${httpStatus}`, httpStatus });
    this.closeWith({ code: 1006, reason: '', wasClean: false });
  }

  private closeWith(event: SocketCloseEventLike): void {
    this.readyState = SocketReadyState.CLOSED;
    this.onclose?.(event);
    for (const hook of this.closeHooks.splice(0)) hook();
  }
}

/**
 * A `WebSocketFactory` that creates `FakeSocket`s and remembers them.
 *
 * @category testing
 * @since 0.1.0
 */
export interface FakeSocketFactory {
  (request: SocketRequest): FakeSocket;
  /** Every socket created so far, oldest first. */
  readonly sockets: readonly FakeSocket[];
  /** The newest socket. */
  readonly last: FakeSocket | undefined;
}

/**
 * Creates a factory of `FakeSocket`s; `onSocket` runs for each new socket (for example to `open()` it).
 *
 * @example
 * ```ts
 * const factory = fakeSocketFactory((socket) => socket.open());
 * liveSession({ model: 'm', apiKey: 'k', webSocketFactory: factory }).subscribe();
 * factory.last?.sentMessages; // [{setup: {model: 'models/m'}}]
 * factory.last?.serverClose(1011, 'Internal error encountered.'); // the session errors with LiveServerError
 * ```
 *
 * @category testing
 * @since 0.1.0
 */
export function fakeSocketFactory(onSocket?: (socket: FakeSocket, index: number) => void): FakeSocketFactory {
  const sockets: FakeSocket[] = [];
  const factory = (request: SocketRequest): FakeSocket => {
    const socket = new FakeSocket(request);
    sockets.push(socket);
    onSocket?.(socket, sockets.length - 1);
    return socket;
  };
  Object.defineProperties(factory, {
    sockets: { get: () => sockets },
    last: { get: () => sockets[sockets.length - 1] },
  });
  return factory as FakeSocketFactory;
}

/**
 * One step of a scripted server: receives the socket and acts on it.
 *
 * @since 0.1.0
 */
export type FakeSocketAction = (socket: FakeSocket) => void;

/**
 * A factory whose every socket plays a script: an Observable of actions, usually a `cold()` marble,
 * subscribed when the socket is created (so a reconnect replays it on the new socket). The script's
 * subscription ends when the socket closes.
 *
 * @example
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const factory = scriptedSocketFactory(cold('-o-s', {
 *     o: (socket) => socket.open(),
 *     s: (socket) => socket.receive({ setupComplete: {} }),
 *   }));
 *   // … liveSession({ …, webSocketFactory: factory, scheduler: testScheduler })
 * });
 * ```
 *
 * @category testing
 * @since 0.1.0
 */
export function scriptedSocketFactory(
  script: Observable<FakeSocketAction> | ((index: number) => Observable<FakeSocketAction>),
): FakeSocketFactory {
  return fakeSocketFactory((socket, index) => {
    const actions = typeof script === 'function' ? script(index) : script;
    const subscription: Subscription = actions.subscribe((act) => {
      if (socket.readyState !== SocketReadyState.CLOSED) act(socket);
    });
    socket.afterClose(() => subscription.unsubscribe());
  });
}
