import * as either from 'fp-ts/lib/Either.js';
import { Observable, type SchedulerLike, Subscription, timer } from 'rxjs';
import { decodeServerFrame } from '../protocol/decodeServerFrame';
import type { LiveServerMessage } from '../protocol/serverMessages';
import type { ResolvedEndpoint } from '../transport/endpoint';
import { SocketReadyState, type WebSocketFactory, type WebSocketLike } from '../transport/webSocketLike';
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
  /** Removes credentials from any text that may be shown (errors, reasons). */
  readonly redact: (text: string, endpoint?: ResolvedEndpoint) => string;
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
 * sends `setup`; the outbox is attached once `setupComplete` arrives (DESIGN.md §3 "Setup gate"); the
 * Observable completes on a normal close (1000) and errors with a typed `LiveError` otherwise;
 * unsubscribing closes the socket with 1000, in any ready state.
 */
export function connection(context: ConnectionContext): Observable<LiveServerMessage> {
  return new Observable<LiveServerMessage>((subscriber) => {
    let socket: WebSocketLike | undefined;
    let endpoint: ResolvedEndpoint | undefined;
    let setupComplete = false;
    let finished = false;
    let opened = false;
    let refusedWithStatus: number | undefined;
    let socketErrorMessage = '';

    const redact = (text: string): string => context.redact(text, endpoint);

    /** Detaches our handlers, so a stale socket can never reach a later connection, and closes it. */
    const release = (reason: string): void => {
      const current = socket;
      socket = undefined;
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
    };

    const finish = (error: LiveError | undefined, closeCode?: number): void => {
      if (finished) return;
      finished = true;
      setupTimer.unsubscribe();
      endpointSubscription.unsubscribe();
      release(error === undefined ? 'done' : error.kind);
      context.setState({ status: 'closed', error, closeCode });
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };

    /** The socket never opened: a refused upgrade (HTTP status known) or an unreachable server. */
    const connectFailure = (): LiveError =>
      refusedWithStatus === undefined
        ? new LiveConnectionLostError(redact(socketErrorMessage))
        : new LiveHandshakeError(refusedWithStatus, redact(socketErrorMessage));

    const open = (resolved: ResolvedEndpoint): void => {
      endpoint = resolved;
      let created: WebSocketLike;
      try {
        created = context.webSocketFactory(resolved.request);
      } catch (thrown) {
        finish(
          thrown instanceof LiveError
            ? thrown
            : new LiveSocketError(redact(`Could not open a WebSocket to ${resolved.displayUrl}: ${messageOf(thrown)}`)),
        );
        return;
      }
      socket = created;
      // Never 'blob': `Blob.text()` is asynchronous and would reorder frames. 'nodebuffer' (set by the
      // `./node` entry's default factory) is kept: `ws` then hands over a view of bytes it already
      // holds, where 'arraybuffer' makes it copy every frame into a new buffer first.
      if (created.binaryType !== 'nodebuffer') created.binaryType = 'arraybuffer';
      const sendSetup = (): void => {
        opened = true;
        created.send(context.setupFrame);
        context.setupSent?.();
      };
      created.onopen = sendSetup;
      created.onmessage = (event) => {
        // A server may echo what it was sent, credentials included: the excerpt and problems are shown
        // to users, so they are redacted, before they are cut to length (issue 13 §7).
        const decoded = decodeServerFrame(event.data, { redact });
        if (either.isLeft(decoded)) {
          finish(decoded.left);
          return;
        }
        const message = withoutSessionMarker(decoded.right);
        if (!setupComplete && message.setupComplete !== undefined) {
          setupComplete = true;
          setupTimer.unsubscribe();
          // Flush what waited before announcing `open` and `setupComplete`, so anything sent in
          // reaction to either goes behind the earlier values, straight to the wire instead of
          // into a queue that caps realtime media.
          context.outbox.attach(created);
          context.setState({ status: 'open' });
        }
        subscriber.next(message);
      };
      created.onerror = (event) => {
        if (event.frameRejected === true) {
          // Invalid UTF-8, an oversized or malformed frame: the server broke the protocol. Sending the
          // same session again would get the same frame, so this is not a lost connection (1006).
          finish(new LiveProtocolError([`the WebSocket refused a frame from the server: ${redact(event.message ?? 'no detail')}`], ''));
          return;
        }
        if (event.httpStatus !== undefined) refusedWithStatus = event.httpStatus;
        if (event.message !== undefined) socketErrorMessage = event.message;
        // After the handshake, the close event that follows carries the code. Before it, some
        // runtimes (Node 20's undici WebSocket) never send that close, so the error is final.
        if (!opened) finish(connectFailure(), 1006);
      };
      created.onclose = (event) => {
        const reason = redact(event.reason);
        if (!opened) {
          finish(connectFailure(), event.code);
          return;
        }
        const outcome =
          closeOutcome(event.code, reason === '' ? redact(socketErrorMessage) : reason, event.wasClean ?? false) ??
          (setupComplete
            ? undefined
            : new LiveCloseError(event.code, reason, event.wasClean ?? true, false, 'The Live server closed the connection before setupComplete'));
        finish(outcome, event.code);
      };
      // A factory may hand over a socket that is already open (a pool, a test double).
      if (created.readyState === SocketReadyState.OPEN) sendSetup();
    };

    context.setState({ status: 'connecting' });
    const setupTimer = timer(context.setupTimeoutMs, context.scheduler).subscribe(() =>
      finish(new LiveSetupTimeoutError(context.setupTimeoutMs)),
    );
    // A Subscription, not a variable assigned after subscribe: `finish` may run during `subscribe`.
    const endpointSubscription = new Subscription();
    endpointSubscription.add(context.endpoint$.subscribe({
      next: open,
      error: (thrown: unknown) =>
        finish(thrown instanceof LiveError ? thrown : new LiveSocketError(redact(messageOf(thrown)))),
    }));

    return () => {
      if (finished) return;
      finished = true;
      setupTimer.unsubscribe();
      endpointSubscription.unsubscribe();
      release('client closed');
      context.setState({ status: 'closed' });
    };
  });
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
