import { Observable, type SchedulerLike, Subscription, timer } from 'rxjs';
import { goAwayTimeLeftMs } from '../operators/goAwayNotices';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { LiveCloseError, type LiveError, LiveResponseTimeoutError } from './errors';
import type { Outbox } from './outbox';
import { backoffDelay, type ReconnectPolicy } from './reconnect';
import type { Resumption } from './resumption';
import type { LiveSessionState } from './state';

/** What one connection reports back to the loop that replaces it. */
export interface ConnectionHooks {
  readonly setState: (state: LiveSessionState) => void;
  /** The connection's socket is gone (see `ConnectionContext.released`). */
  readonly released: () => void;
}

/** What the reconnecting loop needs from its session. */
export interface ResumableContext {
  readonly policy: ReconnectPolicy;
  readonly resumption: Resumption;
  readonly outbox: Outbox;
  readonly scheduler: SchedulerLike;
  readonly setState: (state: LiveSessionState) => void;
  /** The handle the config asks the first connection to resume, if any. */
  readonly initialHandle: string | undefined;
  /** One connection (`connection()`), resuming `handle`, or starting a new conversation without one. */
  readonly connect: (handle: string | undefined, hooks: ConnectionHooks) => Observable<LiveServerMessage>;
}

/**
 * How long a replaced connection may take to close before the next one opens anyway. Google refuses
 * to resume a session whose old socket is still open (PROTOCOL.md §6.2), so we wait for the close,
 * but not forever: a peer that never answers our close frame must not stall the session.
 */
const RELEASE_WAIT_MS = 2_000;

/**
 * Connections one after another, as one Observable that neither completes nor errors across a
 * reconnect (DESIGN.md §3 "Resumption"):
 *
 * - `goAway` (PROTOCOL.md §4.5): rotate at once when the server is quiet, else at the next resumable
 *   point or `goAwayMarginMs` before the deadline, whichever comes first;
 * - a retryable end (1006, 1011, …): retry after `backoffDelay`, up to `maxAttempts` in a row;
 * - a connection that stays silent after a message expecting an answer: replace it;
 * - a non-retryable end (1007, 1008, auth), too many failures, or a conversation that cannot be
 *   resumed (no handle and no `allowFreshSession`): the typed error, as without `reconnect`.
 *
 * A replaced connection is closed first and the next opens once its socket is gone (PROTOCOL.md
 * §6.6 step 3). Before the next connection, the replay log goes back into the outbox and tool calls
 * the next conversation will not know are cancelled with a `toolCallCancellation` of our own, so
 * `handleToolCalls` aborts their handlers.
 *
 * Not `retry({ delay, resetOnSuccess })` over `defer(connect)`: a rotation is not an error, the old
 * socket must be gone before the next opens, and the replay must be queued in between, none of which
 * `retry` can express.
 */
export function resumableConnection(context: ResumableContext): Observable<LiveServerMessage> {
  return new Observable<LiveServerMessage>((subscriber) => {
    const { policy, resumption, outbox, scheduler } = context;
    let failures = 0;
    let stopping = false;
    let ended = false;
    let reconnecting = false;
    let fresh = false;
    let goAwayDue = false;
    let lastClosed: LiveSessionState | undefined;
    let current: Subscription | undefined;
    /** Timers of the current connection (goAway rotation, response watchdog). */
    let connectionTimers = new Subscription();
    let watchdog: Subscription | undefined;
    /** The backoff, or the wait for a replaced socket to close. */
    let pause: Subscription | undefined;
    /** The connection being replaced, and what runs once its socket is gone. */
    let replacing: Subscription | undefined;
    let onReleased: (() => void) | undefined;

    resumption.reset(context.initialHandle);

    /** Whether a next connection can carry the conversation on (or there is none to lose yet). */
    const canResume = (): boolean =>
      resumption.handle !== undefined || !resumption.conversationStarted || policy.allowFreshSession;

    const clearConnectionTimers = (): void => {
      connectionTimers.unsubscribe();
      connectionTimers = new Subscription();
      watchdog = undefined;
    };

    const innerState = (state: LiveSessionState): void => {
      // Our own teardown: the user sees the connection close.
      if (stopping) {
        context.setState(state);
        return;
      }
      switch (state.status) {
        case 'connecting':
          if (!reconnecting) context.setState(state);
          return;
        case 'open':
          context.setState(fresh ? { status: 'open', fresh: true } : { status: 'open' });
          return;
        case 'closed':
          lastClosed = state;
          return;
        default:
          // 'closing' of a connection we replace: the session is reconnecting, not closing.
          return;
      }
    };

    const fail = (error: LiveError): void => {
      ended = true;
      clearConnectionTimers();
      resumption.onReliableWritten = undefined;
      context.setState(
        lastClosed?.error === error
          ? lastClosed
          : { status: 'closed', error, ...(error instanceof LiveCloseError ? { closeCode: error.closeCode } : {}) },
      );
      subscriber.error(error);
    };

    /** Hands the log over to the outbox, cancels lost calls, and says we are reconnecting. */
    const prepareNext = (attempt: number | undefined): void => {
      fresh = resumption.conversationStarted && resumption.handle === undefined;
      reconnecting = true;
      goAwayDue = false;
      const plan = resumption.planResume();
      outbox.retainReliable((frame, sink) => resumption.withoutLostCalls(frame, sink));
      outbox.requeue(plan.replay);
      context.setState({
        status: 'reconnecting',
        ...(attempt === undefined ? {} : { attempt }),
        ...(fresh ? { fresh: true } : {}),
      });
      if (plan.lostCallIds.length > 0) subscriber.next({ toolCallCancellation: { ids: [...plan.lostCallIds] } });
    };

    /** Counts a failure; false (after failing the session) when no further attempt is allowed. */
    const mayRetry = (error: LiveError): boolean => {
      if (!error.retryable || !canResume()) {
        fail(error);
        return false;
      }
      failures += 1;
      if (failures > policy.maxAttempts) {
        fail(error);
        return false;
      }
      return true;
    };

    const start = (): void => {
      pause?.unsubscribe();
      pause = undefined;
      replacing = undefined;
      onReleased = undefined;
      if (stopping || ended) return;
      const own = new Subscription();
      current = own;
      const hooks: ConnectionHooks = {
        setState: (state) => {
          if (current === own || stopping) innerState(state);
        },
        released: () => {
          if (replacing === own) onReleased?.();
        },
      };
      own.add(
        context.connect(resumption.handle, hooks).subscribe({
          next: (message) => {
            if (current === own) onMessage(message, own);
          },
          error: (error: LiveError) => {
            if (current === own) onEnd(error);
          },
          complete: () => {
            if (current !== own) return;
            ended = true;
            clearConnectionTimers();
            resumption.onReliableWritten = undefined;
            context.setState(lastClosed ?? { status: 'closed', closeCode: 1000 });
            subscriber.complete();
          },
        }),
      );
    };

    /** The connection ended by itself (server close, drop, timeout). */
    const onEnd = (error: LiveError): void => {
      current = undefined;
      clearConnectionTimers();
      if (!mayRetry(error)) return;
      prepareNext(failures);
      if (stopping) return; // A subscriber left on the cancellation we emitted.
      pause = timer(backoffDelay(policy, failures), scheduler).subscribe(start);
    };

    /** We end the connection: close it, then open the next once its socket is gone. */
    const replace = (error: LiveError | undefined): void => {
      const old = current;
      if (old === undefined || stopping || ended) return;
      current = undefined;
      clearConnectionTimers();
      let gone = false;
      replacing = old;
      onReleased = () => (gone = true);
      old.unsubscribe();
      if (error !== undefined && !mayRetry(error)) return;
      prepareNext(error === undefined ? undefined : failures);
      if (stopping) return;
      if (gone) {
        start();
        return;
      }
      onReleased = start;
      pause = timer(RELEASE_WAIT_MS, scheduler).subscribe(start);
    };

    const onMessage = (message: LiveServerMessage, own: Subscription): void => {
      resumption.observe(message);
      // Success is a server that talks after setupComplete: one that accepts setup and then stays
      // silent (or closes at once) must not reset the count, or it would be retried forever.
      if (policy.resetOnSuccess && message.setupComplete === undefined) failures = 0;
      // Any answer shows the server alive; `setupComplete` is not one (it precedes the replayed frames).
      if (message.setupComplete === undefined) {
        watchdog?.unsubscribe();
        watchdog = undefined;
      }
      subscriber.next(message);
      if (current !== own || stopping) return;
      if (message.goAway !== undefined) {
        if (!canResume()) return; // Nothing to resume into: the deadline close will say why.
        goAwayDue = true;
        const rotateAt = Math.max(0, goAwayTimeLeftMs(message.goAway) - policy.goAwayMarginMs);
        if (rotateAt > 0 && !resumption.quiet) {
          connectionTimers.add(timer(rotateAt, scheduler).subscribe(() => replace(undefined)));
          return;
        }
      }
      if (goAwayDue && (resumption.quiet || message.goAway !== undefined)) replace(undefined);
    };

    resumption.onReliableWritten = () => {
      if (watchdog !== undefined || current === undefined) return;
      watchdog = timer(policy.responseTimeoutMs, scheduler).subscribe(() => {
        // With nothing to resume into, a slow server is better kept than replaced by an error.
        if (canResume()) replace(new LiveResponseTimeoutError(policy.responseTimeoutMs));
      });
      connectionTimers.add(watchdog);
    };

    start();

    return () => {
      stopping = true;
      resumption.onReliableWritten = undefined;
      pause?.unsubscribe();
      clearConnectionTimers();
      const open = current;
      current = undefined;
      if (open !== undefined) open.unsubscribe();
      else if (!ended) context.setState({ status: 'closed' });
    };
  });
}
