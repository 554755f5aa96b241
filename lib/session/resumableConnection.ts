import { Observable, type SchedulerLike, type Subscriber, Subscription, timer } from 'rxjs';
import { goAwayTimeLeftMs } from '../protocol/duration';
import type { LiveConnectionReplacedReason, LiveServerMessage } from '../protocol/serverMessages';
import { LiveCloseError, type LiveError, LiveOutboxOverflowError, LiveResponseTimeoutError } from '../errors';
import type { Outbox, ReliableSink } from './outbox';
import { backoffDelay, type ReconnectPolicy } from './reconnect';
import type { Resumption } from './resumption';
import type { LiveSessionState } from './liveSessionState';

/** What one connection reports back to the loop that replaces it. */
export interface ConnectionHooks {
  readonly setState: (state: LiveSessionState) => void;
  /** The connection's socket is gone (see `ConnectionContext.released`). */
  readonly released: () => void;
  /** The connection wrote its `setup`: the round trip to `setupComplete` is measured from here. */
  readonly setupSent: () => void;
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
 * to resume a session whose old socket is still open, so we wait for the close,
 * but not forever: a peer that never answers our close frame must not stall the session.
 */
const RELEASE_WAIT_MS = 2_000;

/**
 * How long an open connection must stay up, with no answer overdue, to count as progress (which
 * resets the failure count) when the model has not said anything yet.
 */
export const HEALTHY_CONNECTION_MS = 10_000;

/** The longest delay a timer can hold (2^31−1 ms); a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Connections one after another, as one Observable that neither completes nor errors across a
 * reconnect. See `ReconnectLoop` for the rules.
 *
 * Not `retry({ delay, resetOnSuccess })` over `defer(connect)`: a rotation is not an error, the old
 * socket must be gone before the next opens, and the replay must be queued in between, none of which
 * `retry` can express.
 */
export function resumableConnection(context: ResumableContext): Observable<LiveServerMessage> {
  return new Observable<LiveServerMessage>((subscriber) => {
    const loop = new ReconnectLoop(context, subscriber);
    loop.start();
    return () => loop.stop();
  });
}

/**
 * The state of one subscription's chain of connections:
 *
 * - `goAway` after `setupComplete`: rotate at once when the server is quiet, else
 *   at the next resumable point or `goAwayMarginMs` before the deadline, whichever comes first. A
 *   `goAway` before `setupComplete` is a failure like a close.
 * - a retryable end (1006, 1011, a setup timeout, silence while an answer is due): retry after
 *   `backoffDelay`; more than `maxAttempts` failures in a row end the session. Only progress resets
 *   the count: a model turn that ends (`turnComplete`) or a tool call after `setupComplete`, or a
 *   connection open for `HEALTHY_CONNECTION_MS` with no answer overdue.
 * - a non-retryable end (1007, 1008, auth), too many failures, or a conversation that cannot be
 *   resumed (no handle and no `allowFreshSession`): the typed error, as without `reconnect`.
 *
 * A replaced connection is closed first and the next opens once its socket is gone (the service
 * refuses to resume a session whose old socket is still open) and the backoff, if any, has run. In between, the subscriber gets the
 * `connectionReplaced` marker (for a connection that was open), the replay log goes back into the
 * outbox, and tool calls the next conversation will not know are cancelled with a
 * `toolCallCancellation` of our own, so `handleToolCalls` aborts their handlers.
 */
class ReconnectLoop {
  /** Failures since the last progress. */
  private failures = 0;
  /** The subscriber left: connections still report their states, nothing else happens. */
  private stopping = false;
  /** The subscriber got its final error or completion. */
  private ended = false;
  /** The connection being opened replaces another: its `connecting` state is not shown. */
  private reconnecting = false;
  /** The next connection starts a new conversation (no handle, `allowFreshSession`). */
  private fresh = false;
  /** A `goAway` arrived: rotate at the next resumable point. */
  private goAwayDue = false;
  /** The newest `closed` state of a connection, shown if it ends the session. */
  private lastClosed: LiveSessionState | undefined;
  /** The live connection, and whether it reached `setupComplete`. */
  private current: Subscription | undefined;
  private currentOpen = false;
  /** Timers of the current connection: goAway rotation, response watchdog, health. */
  private connectionTimers = new Subscription();
  /** A clientContent that completes a turn, or a toolResponse, was written and its answer has not ended. */
  private answerDue = false;
  private watchdog: Subscription | undefined;
  /** The backoff, and the wait for a replaced socket to close. */
  private pause: Subscription | undefined;
  /** The connection being replaced, and what runs once its socket is gone. */
  private replacing: Subscription | undefined;
  private onReleased: (() => void) | undefined;

  constructor(
    private readonly context: ResumableContext,
    private readonly subscriber: Subscriber<LiveServerMessage>,
  ) {}

  start(): void {
    this.context.resumption.reset(this.context.initialHandle);
    this.context.resumption.onReliableWritten = (frame, sink) => this.reliableWritten(frame, sink);
    this.connectNext();
  }

  /** The subscriber left: close the connection and stop every timer. */
  stop(): void {
    this.stopping = true;
    this.context.resumption.onReliableWritten = undefined;
    this.pause?.unsubscribe();
    this.clearConnectionTimers();
    const open = this.current;
    this.current = undefined;
    if (open !== undefined) open.unsubscribe();
    else if (!this.ended) this.context.setState({ status: 'closed' });
  }

  /** Whether a next connection can carry the conversation on (or there is none to lose yet). */
  private canResume(): boolean {
    const { resumption, policy } = this.context;
    if (!resumption.conversationStarted) return true;
    return resumption.replayComplete && (resumption.handle !== undefined || policy.allowFreshSession);
  }

  private connectNext(): void {
    this.pause?.unsubscribe();
    this.pause = undefined;
    this.replacing = undefined;
    this.onReleased = undefined;
    if (this.stopping || this.ended) return;
    const own = new Subscription();
    this.current = own;
    this.currentOpen = false;
    const hooks: ConnectionHooks = {
      setState: (state) => {
        if (this.current === own || this.stopping) this.innerState(state);
      },
      released: () => {
        if (this.replacing === own) this.onReleased?.();
      },
      setupSent: () => {
        if (this.current === own) this.context.resumption.setupSent();
      },
    };
    own.add(
      this.context.connect(this.context.resumption.handle, hooks).subscribe({
        next: (message) => {
          if (this.current === own) this.onMessage(message, own);
        },
        error: (error: LiveError) => {
          if (this.current === own) this.onEnd(error);
        },
        complete: () => {
          if (this.current !== own) return;
          this.finish();
          this.context.setState(this.lastClosed ?? { status: 'closed', closeCode: 1000 });
          this.subscriber.complete();
        },
      }),
    );
  }

  private innerState(state: LiveSessionState): void {
    // Our own teardown: the user sees the connection close.
    if (this.stopping) {
      this.context.setState(state);
      return;
    }
    switch (state.status) {
      case 'connecting':
        if (!this.reconnecting) this.context.setState(state);
        return;
      case 'open':
        this.context.setState(this.fresh ? { status: 'open', fresh: true } : { status: 'open' });
        return;
      case 'closed':
        this.lastClosed = state;
        return;
      default:
        // 'closing' of a connection we replace: the session is reconnecting, not closing.
        return;
    }
  }

  private onMessage(message: LiveServerMessage, own: Subscription): void {
    const { resumption, policy } = this.context;
    resumption.observe(message);
    if (message.setupComplete !== undefined && !this.currentOpen) this.opened();
    else if (this.currentOpen && endsModelTurn(message)) this.progressed();
    this.heard(message);
    this.subscriber.next(message);
    if (this.current !== own || this.stopping) return;
    if (message.goAway !== undefined) {
      // Before setupComplete there is nothing to rotate: the server failed the attempt.
      if (!this.currentOpen) {
        this.replace(new LiveCloseError(1001, 'goAway before setupComplete', true, true, 'The Live server went away before setupComplete'), 'goAway');
        return;
      }
      if (!this.canResume()) return; // Nothing to resume into: the deadline close will say why.
      this.goAwayDue = true;
      const rotateIn = Math.min(MAX_TIMER_MS, Math.max(0, goAwayTimeLeftMs(message.goAway) - policy.goAwayMarginMs));
      if (rotateIn > 0 && !resumption.quiet) {
        this.connectionTimers.add(timer(rotateIn, this.context.scheduler).subscribe(() => this.replace(undefined, 'goAway')));
        return;
      }
    }
    if (this.goAwayDue && (resumption.quiet || message.goAway !== undefined)) this.replace(undefined, 'goAway');
  }

  /** The connection reached `setupComplete`: staying up a while without an overdue answer is progress. */
  private opened(): void {
    this.currentOpen = true;
    this.connectionTimers.add(
      timer(HEALTHY_CONNECTION_MS, this.context.scheduler).subscribe(() => {
        if (!this.answerDue) this.progressed();
      }),
    );
  }

  private progressed(): void {
    if (this.context.policy.resetOnSuccess) this.failures = 0;
  }

  /** Any server message while an answer is due restarts the silence count; the end of the answer stops it. */
  private heard(message: LiveServerMessage): void {
    if (!this.answerDue || message.setupComplete !== undefined) return;
    if (endsModelTurn(message)) {
      this.answerDue = false;
      this.stopWatchdog();
    } else {
      this.armWatchdog(true);
    }
  }

  private reliableWritten(frame: string, sink: ReliableSink): void {
    if (this.current === undefined || !expectsAnswer(frame, sink)) return;
    this.answerDue = true;
    this.armWatchdog(false);
  }

  private armWatchdog(restart: boolean): void {
    if (this.watchdog !== undefined && !restart) return;
    this.stopWatchdog();
    const { responseTimeoutMs } = this.context.policy;
    this.watchdog = timer(responseTimeoutMs, this.context.scheduler).subscribe(() =>
      this.replace(new LiveResponseTimeoutError(responseTimeoutMs), 'unresponsive'),
    );
    this.connectionTimers.add(this.watchdog);
  }

  private stopWatchdog(): void {
    if (this.watchdog === undefined) return;
    this.connectionTimers.remove(this.watchdog);
    this.watchdog.unsubscribe();
    this.watchdog = undefined;
  }

  private clearConnectionTimers(): void {
    this.connectionTimers.unsubscribe();
    this.connectionTimers = new Subscription();
    this.watchdog = undefined;
    this.answerDue = false;
  }

  /** The session ends: nothing of this loop may run any more. */
  private finish(): void {
    this.ended = true;
    this.clearConnectionTimers();
    this.context.resumption.onReliableWritten = undefined;
  }

  private fail(error: LiveError): void {
    this.finish();
    this.context.setState(
      this.lastClosed?.error === error
        ? this.lastClosed
        : { status: 'closed', error, ...(error instanceof LiveCloseError ? { closeCode: error.closeCode } : {}) },
    );
    this.subscriber.error(error);
  }

  /** Counts a failure; false (after failing the session) when no further attempt is allowed. */
  private mayRetry(error: LiveError): boolean {
    if (!error.retryable || !this.canResume()) {
      this.fail(this.context.resumption.replayComplete ? error : replayLostError(this.context.resumption, error));
      return false;
    }
    this.failures += 1;
    if (this.failures > this.context.policy.maxAttempts) {
      this.fail(error);
      return false;
    }
    return true;
  }

  /**
   * Marks the old connection's end for the subscriber, hands the log over to the outbox, cancels lost
   * calls, and says we are reconnecting. `replaced`: why, for a connection that was open.
   */
  private prepareNext(attempt: number | undefined, replaced: LiveConnectionReplacedReason | undefined): void {
    const { resumption, outbox } = this.context;
    this.fresh = resumption.conversationStarted && resumption.handle === undefined;
    this.reconnecting = true;
    this.goAwayDue = false;
    const plan = resumption.planResume();
    outbox.retainReliable((frame, sink) => resumption.withoutLostCalls(frame, sink));
    outbox.requeue(plan.replay);
    this.context.setState({
      status: 'reconnecting',
      ...(attempt === undefined ? {} : { attempt }),
      ...(this.fresh ? { fresh: true } : {}),
    });
    // A subscriber may leave on either message: `stop()` then says `closed`, after `reconnecting`.
    if (replaced !== undefined) this.subscriber.next({ connectionReplaced: { reason: replaced } });
    if (plan.lostCallIds.length > 0) this.subscriber.next({ toolCallCancellation: { ids: [...plan.lostCallIds] } });
  }

  /** The connection ended by itself (server close, drop, setup timeout): its socket is gone. */
  private onEnd(error: LiveError): void {
    const wasOpen = this.currentOpen;
    this.current = undefined;
    this.clearConnectionTimers();
    if (!this.mayRetry(error)) return;
    this.prepareNext(this.failures, wasOpen ? 'closed' : undefined);
    if (this.stopping) return; // A subscriber left on a message we emitted.
    this.waitThenConnect(true, backoffDelay(this.context.policy, this.failures));
  }

  /**
   * We end the connection: close it, then open the next once its socket is gone and, after a failure
   * (`error`), the backoff has run. A planned rotation (`error` undefined) does not wait or count.
   */
  private replace(error: LiveError | undefined, reason: LiveConnectionReplacedReason): void {
    const old = this.current;
    if (old === undefined || this.stopping || this.ended) return;
    const wasOpen = this.currentOpen;
    this.current = undefined;
    this.clearConnectionTimers();
    let released = false;
    this.replacing = old;
    this.onReleased = () => (released = true);
    old.unsubscribe();
    if (error !== undefined && !this.mayRetry(error)) return;
    this.prepareNext(error === undefined ? undefined : this.failures, wasOpen ? reason : undefined);
    if (this.stopping) return;
    this.waitThenConnect(released, error === undefined ? 0 : backoffDelay(this.context.policy, this.failures));
  }

  /** Opens the next connection once the old socket is released (or `RELEASE_WAIT_MS` passed) and `delayMs` ran. */
  private waitThenConnect(released: boolean, delayMs: number): void {
    let socketGone = released;
    let delayOver = delayMs <= 0;
    const go = (): void => {
      if (socketGone && delayOver) this.connectNext();
    };
    const pause = new Subscription();
    this.pause = pause;
    this.onReleased = () => {
      socketGone = true;
      go();
    };
    const { scheduler } = this.context;
    if (!delayOver) pause.add(timer(delayMs, scheduler).subscribe(() => ((delayOver = true), go())));
    if (!socketGone) pause.add(timer(RELEASE_WAIT_MS, scheduler).subscribe(() => ((socketGone = true), go())));
    go();
  }
}

/**
 * The model finished a turn or asks for a tool: the server works for this conversation. Content alone
 * is not enough: a server that starts every answer and then dies would otherwise be retried forever.
 */
function endsModelTurn(message: LiveServerMessage): boolean {
  return message.serverContent?.turnComplete === true || message.toolCall !== undefined;
}

/** A toolResponse, or a clientContent that completes the user's turn: the model must say something. */
function expectsAnswer(frame: string, sink: ReliableSink): boolean {
  if (sink === 'toolResponse') return true;
  if (sink !== 'clientContent') return false;
  return (JSON.parse(frame) as { clientContent?: { turnComplete?: boolean } }).clientContent?.turnComplete === true;
}

/**
 * More reliable frames went out without a handle covering them than the replay log holds: resuming
 * would skip the oldest of them, so the session ends rather than carry on a conversation that lost
 * turns without a trace.
 */
function replayLostError(resumption: Resumption, cause: LiveError): LiveOutboxOverflowError {
  const error = new LiveOutboxOverflowError(
    'replay log',
    resumption.logLimit,
    `The connection ended with more than ${resumption.logLimit} reliable messages that no resumption handle covered; resuming would lose the oldest, so the session ends (${cause.message})`,
  );
  error.cause = cause;
  return error;
}
