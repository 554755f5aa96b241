import * as either from 'fp-ts/lib/Either.js';
import { Observable, type SchedulerLike, type Subscriber, Subscription, type Unsubscribable } from 'rxjs';
import { decodeServerFrame } from '../protocol/decodeServerFrame';
import type { LiveServerMessage } from '../protocol/serverMessages';
import type { ResolvedEndpoint } from '../transport/endpoint';
import { type SocketCloseEventLike, type SocketErrorEventLike, SocketReadyState, type WebSocketFactory, type WebSocketLike } from '../transport/webSocketLike';
import { closeOutcome } from './closeCodes';
import {
  LiveCloseError,
  LiveConnectionLostError,
  LiveError,
  LiveHandshakeError,
  LiveProtocolError,
  LiveSetupTimeoutError,
  LiveSocketError,
} from '../errors';
import type { Outbox } from './outbox';
import type { LiveSessionState } from './liveSessionState';

/** What one connection needs from its session. */
export interface ConnectionContext {
  /** Resolves the URL and headers; synchronous unless an access token must be fetched. */
  readonly endpoint$: Observable<ResolvedEndpoint>;
  /** The `setup` frame, already serialised: built and validated once, before any socket. */
  readonly setupFrame: string;
  readonly webSocketFactory: WebSocketFactory;
  readonly outbox: Outbox;
  readonly setupTimeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly setState: (state: LiveSessionState) => void;
  /** Removes credentials (the session's, and `secrets` of this connection's endpoint) from any text that may be shown. */
  readonly redact: (text: string, secrets?: readonly string[]) => string;
  /**
   * Called once the connection's socket is gone after it ended: at once when it was already closed,
   * else when the close we started completes. A resume must wait for it.
   */
  readonly released?: () => void;
  /** Called when `setup` is written: session resumption measures the round trip to `setupComplete`. */
  readonly setupSent?: () => void;
}

/** Our close code for every close we start: browsers only allow 1000 and 3000–4999. */
const NORMAL_CLOSURE = 1000;

/**
 * One WebSocket connection as a cold Observable of server messages: subscribing opens the socket and
 * sends `setup`; the outbox is attached once `setupComplete` arrives (nothing else may precede the
 * server's answer to `setup`); the Observable completes on a normal close (1000) and errors with a
 * typed `LiveError` otherwise; unsubscribing closes the socket with 1000, in any ready state.
 */
export function connection(context: ConnectionContext): Observable<LiveServerMessage> {
  return new Observable<LiveServerMessage>((subscriber) => new ConnectionAttempt(context, subscriber).start());
}

/**
 * The state of one subscription to {@link connection}, as one object: a server process holds one per
 * session for as long as the session lives, so its fields and the socket's four handlers are all it
 * keeps (a closure per step would cost a function and a scope each).
 */
class ConnectionAttempt implements Unsubscribable {
  private socket: WebSocketLike | undefined;
  /** The credentials of the resolved endpoint; the rest of it (URL, headers) is the socket's business. */
  private endpointSecrets: readonly string[] | undefined;
  private setupComplete = false;
  private finished = false;
  private opened = false;
  private refusedWithStatus: number | undefined;
  private socketErrorMessage = '';
  private setupTimer: Subscription | undefined;
  /** A Subscription, not one assigned after subscribe: `finish` may run during `subscribe`. */
  private readonly endpointSubscription = new Subscription();
  /** Built once: every frame is decoded with it. */
  private readonly decodeOptions = { redact: (text: string): string => this.redact(text) };

  constructor(
    private readonly context: ConnectionContext,
    private readonly subscriber: Subscriber<LiveServerMessage>,
  ) {}

  /** Starts connecting; the attempt is its own teardown. */
  start(): Unsubscribable {
    const { context } = this;
    context.setState({ status: 'connecting' });
    this.setupTimer = context.scheduler.schedule(() => this.finish(new LiveSetupTimeoutError(context.setupTimeoutMs)), context.setupTimeoutMs);
    this.endpointSubscription.add(
      context.endpoint$.subscribe({
        next: (resolved) => this.open(resolved),
        error: (thrown: unknown) => this.finish(thrown instanceof LiveError ? thrown : new LiveSocketError(this.redact(messageOf(thrown)))),
      }),
    );
    return this;
  }

  unsubscribe(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopTimers();
    this.release('client closed');
    this.context.setState({ status: 'closed' });
  }

  private redact(text: string): string {
    return this.context.redact(text, this.endpointSecrets);
  }

  private open(resolved: ResolvedEndpoint): void {
    const { context } = this;
    this.endpointSecrets = resolved.secrets;
    let created: WebSocketLike;
    try {
      created = context.webSocketFactory(resolved.request);
    } catch (thrown) {
      this.finish(
        thrown instanceof LiveError
          ? thrown
          : new LiveSocketError(this.redact(`Could not open a WebSocket to ${resolved.displayUrl}: ${messageOf(thrown)}`)),
      );
      return;
    }
    this.socket = created;
    // Never 'blob': `Blob.text()` is asynchronous and would reorder frames. 'nodebuffer' (set by the
    // `./node` entry's default factory) is kept: `ws` then hands over a view of bytes it already
    // holds, where 'arraybuffer' makes it copy every frame into a new buffer first.
    if (created.binaryType !== 'nodebuffer') created.binaryType = 'arraybuffer';
    created.onopen = () => this.sendSetup(created);
    created.onmessage = (event) => this.message(created, event.data);
    created.onerror = (event) => this.socketError(event);
    created.onclose = (event) => this.closed(event);
    // A factory may hand over a socket that is already open (a pool, a test double).
    if (created.readyState === SocketReadyState.OPEN) this.sendSetup(created);
  }

  private sendSetup(socket: WebSocketLike): void {
    this.opened = true;
    socket.send(this.context.setupFrame);
    this.context.setupSent?.();
  }

  private message(socket: WebSocketLike, data: unknown): void {
    // A server may echo what it was sent, credentials included: the excerpt and problems are shown
    // to users, so they are redacted, before they are cut to length (issue 13 §7).
    const decoded = decodeServerFrame(data, this.decodeOptions);
    if (either.isLeft(decoded)) {
      this.finish(decoded.left);
      return;
    }
    const message = withoutSessionMarker(decoded.right);
    if (!this.setupComplete && message.setupComplete !== undefined) {
      this.setupComplete = true;
      this.setupTimer?.unsubscribe();
      this.setupTimer = undefined;
      // Flush what waited before announcing `open` and `setupComplete`, so anything sent in
      // reaction to either goes behind the earlier values, straight to the wire instead of
      // into a queue that caps realtime media.
      this.context.outbox.attach(socket);
      this.context.setState({ status: 'open' });
    }
    this.subscriber.next(message);
  }

  private socketError(event: SocketErrorEventLike): void {
    if (event.frameRejected === true) {
      // Invalid UTF-8, an oversized or malformed frame: the server broke the protocol. Sending the
      // same session again would get the same frame, so this is not a lost connection (1006).
      this.finish(new LiveProtocolError([`the WebSocket refused a frame from the server: ${this.redact(event.message ?? 'no detail')}`], ''));
      return;
    }
    if (event.httpStatus !== undefined) this.refusedWithStatus = event.httpStatus;
    if (event.message !== undefined) this.socketErrorMessage = event.message;
    // After the handshake, the close event that follows carries the code. Before it, some
    // runtimes (Node 20's undici WebSocket) never send that close, so the error is final.
    if (!this.opened) this.finish(this.connectFailure(), 1006);
  }

  private closed(event: SocketCloseEventLike): void {
    const reason = this.redact(event.reason);
    if (!this.opened) {
      this.finish(this.connectFailure(), event.code);
      return;
    }
    const outcome =
      closeOutcome(event.code, reason === '' ? this.redact(this.socketErrorMessage) : reason, event.wasClean ?? false) ??
      (this.setupComplete
        ? undefined
        : new LiveCloseError(event.code, reason, event.wasClean ?? true, false, 'The Live server closed the connection before setupComplete'));
    this.finish(outcome, event.code);
  }

  /** The socket never opened: a refused upgrade (HTTP status known) or an unreachable server. */
  private connectFailure(): LiveError {
    return this.refusedWithStatus === undefined
      ? new LiveConnectionLostError(this.redact(this.socketErrorMessage))
      : new LiveHandshakeError(this.refusedWithStatus, this.redact(this.socketErrorMessage));
  }

  private finish(error: LiveError | undefined, closeCode?: number): void {
    if (this.finished) return;
    this.finished = true;
    this.stopTimers();
    this.release(error === undefined ? 'done' : error.kind);
    this.context.setState({ status: 'closed', error, closeCode });
    if (error === undefined) this.subscriber.complete();
    else this.subscriber.error(error);
  }

  private stopTimers(): void {
    this.setupTimer?.unsubscribe();
    this.endpointSubscription.unsubscribe();
  }

  /** Detaches our handlers, so a stale socket can never reach a later connection, and closes it. */
  private release(reason: string): void {
    const { context } = this;
    const current = this.socket;
    this.socket = undefined;
    context.outbox.detach();
    if (current === undefined || current.readyState === SocketReadyState.CLOSED) {
      context.released?.();
      if (current === undefined) return;
    }
    // No-ops rather than null: `ws` emits 'error' when a CONNECTING socket is closed, and an
    // EventEmitter 'error' without a listener would crash the process.
    current.onopen = noop;
    current.onmessage = noop;
    current.onerror = noop;
    current.onclose = current.readyState === SocketReadyState.CLOSED ? noop : () => context.released?.();
    if (current.readyState === SocketReadyState.CONNECTING || current.readyState === SocketReadyState.OPEN) {
      context.setState({ status: 'closing' });
      try {
        current.close(NORMAL_CLOSURE, reason);
      } catch {
        // A socket that refuses to close is already unusable; nothing is left to release.
      }
    }
  }
}

/** The `connectionReplaced` marker is the session's own (serverMessages.ts): never taken from the wire. */
function withoutSessionMarker(message: LiveServerMessage): LiveServerMessage {
  if (!('connectionReplaced' in message)) return message;
  const { connectionReplaced: _fromWire, ...rest } = message;
  return rest;
}

function noop(): void {
  // Replaces a detached socket handler.
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
