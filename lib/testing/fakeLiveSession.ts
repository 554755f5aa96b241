import { BehaviorSubject, distinctUntilChanged, NEVER, Observable, ReplaySubject, type SchedulerLike, share, Subscription } from 'rxjs';
import type { ClientContentMessage, ContextUpdateMessage, RealtimeInputMessage, ToolResponseMessage } from '../protocol/clientMessages';
import type { LiveConnectionReplacedReason, LiveServerMessage } from '../protocol/serverMessages';
import { LiveError } from '../errors';
import type { LiveSession } from '../session/liveSession';
import type { OutboxStats } from '../session/outbox';
import { sameSessionState } from '../session/sessionStateHolder';
import { sessionSinks } from '../session/sink';
import type { LiveSessionState, LiveSessionStatus } from '../session/liveSessionState';
import { realtimeNote, type WrittenFrame, WrittenFrames } from '../session/writtenFrames';
import type { LiveBackend } from '../transport/endpointOptions';
import { sessionStates } from './sessionStates';

/**
 * What a fake session recorded from one sink (or from all of them): an Observable that replays every
 * message recorded so far and then emits new ones as they are sent, so `expectObservable` sees each at
 * the frame it was sent in, plus the messages so far as an array for plain assertions. It never
 * completes.
 *
 * @since 0.2.0
 */
export interface Recording<T> extends Observable<T> {
  /** Everything recorded so far, oldest first. */
  readonly values: readonly T[];
}

/**
 * Any message a session's sinks put on the wire (everything but `setup`).
 *
 * @since 0.2.0
 */
export type SentMessage = ClientContentMessage | RealtimeInputMessage | ToolResponseMessage | ContextUpdateMessage;

/**
 * The wire messages a fake session's sinks produced, per sink and all together in call order. They
 * are the converted values, exactly what the real session would serialise (`{clientContent: {turns:
 * [{role: 'user', parts: [{text: 'Hi'}]}], turnComplete: true}}` for `{turns: 'Hi'}`), so expected
 * values can be written with `toClientContent(…)` and friends. The raw values given to a sink are
 * what the sink itself emits: it is a `Subject`.
 *
 * @since 0.2.0
 */
export interface FakeSentMessages {
  readonly clientContent: Recording<ClientContentMessage>;
  readonly realtimeInput: Recording<RealtimeInputMessage>;
  readonly toolResponse: Recording<ToolResponseMessage>;
  readonly contextUpdate: Recording<ContextUpdateMessage>;
  /** Every sink's messages in the order they were sent, as they would share the socket. */
  readonly all: Recording<SentMessage>;
}

/**
 * A `LiveSession` whose server is a script and whose sinks record. Hand it to the code under test
 * wherever a session goes.
 *
 * @since 0.2.0
 */
export interface FakeLiveSession extends LiveSession {
  /** What the code under test sent. */
  readonly sent: FakeSentMessages;
  /** How many connections were opened so far: subscriptions after the previous connection ended. */
  readonly connections: number;
  /** Whether a connection is open now: someone is subscribed and the server script has not ended. */
  readonly connected: boolean;
  /**
   * Simulates what a session with `reconnect` does when its connection is replaced: the current
   * run of the server script stops, the marker `{connectionReplaced: {reason}}` is emitted, `state$`
   * goes `reconnecting` then `open` (unless scripted), and the next connection's script starts
   * (the function form of the script is called with the next index; a plain Observable is
   * subscribed again). All of it happens at once, in the frame of the call. Default reason
   * `'closed'`. Throws an `Error` when no connection is open: there is nothing to replace.
   */
  replaceConnection(reason?: LiveConnectionReplacedReason): void;
}

/**
 * The server side of a fake session: the messages of one connection, or a function giving those of
 * the `index`-th connection (0 first), called each time a connection opens. The function form also
 * lets a test set the script after building the code under test, as with ngrx's `provideMockActions`.
 *
 * @since 0.2.0
 */
export type FakeServerScript = Observable<LiveServerMessage> | ((index: number) => Observable<LiveServerMessage>);

/**
 * Options of `fakeLiveSession`.
 *
 * @since 0.2.0
 */
export interface FakeLiveSessionOptions {
  /**
   * Scripts `state$` (states or bare statuses such as `'reconnecting'`), subscribed when the fake is
   * created so its frames line up with the test's timeline. Without it, `state$` follows the
   * connection: `idle`, `open` on connect, then `closed` (with `closeCode: 1000` when the script
   * completes, with the error when it errors with a `LiveError`).
   */
  readonly state?: Observable<LiveSessionState | LiveSessionStatus>;
  /**
   * Scripts `stats$`. Without it, every message sent counts as written at once: `framesSent` and
   * `charsSent` grow, nothing is pending or dropped.
   */
  readonly stats?: Observable<OutboxStats>;
  /**
   * The backend whose rules the sinks apply, as `liveSession` derives it from its options. Default
   * the Gemini API, which for instance requires the call `id` in every tool response.
   */
  readonly backend?: LiveBackend;
  /** `session.model`. Default `models/gemini-live-2.5-flash-preview`. */
  readonly model?: string;
  /** The clock of `written$` (every message sent counts as written at once); pass the test's scheduler. */
  readonly scheduler?: SchedulerLike;
}

/** The fake's connection bookkeeping, shared by the stream and the getters. */
interface ConnectionLink {
  opened: number;
  open: boolean;
  /** Replaces the open connection; set while someone is subscribed. */
  replace: ((reason: LiveConnectionReplacedReason) => void) | undefined;
}

const NO_STATS: OutboxStats = { pendingMessages: 0, pendingRealtime: 0, realtimeDropped: 0, framesSent: 0, charsSent: 0 };

class RecordingSubject<T> extends Observable<T> implements Recording<T> {
  private readonly recorded: T[] = [];
  private readonly replay = new ReplaySubject<T>();

  constructor() {
    super((subscriber) => this.replay.subscribe(subscriber));
  }

  get values(): readonly T[] {
    return this.recorded;
  }

  record(value: T): void {
    this.recorded.push(value);
    this.replay.next(value);
  }
}

class ScriptedLiveSession extends Observable<LiveServerMessage> implements FakeLiveSession {
  readonly clientContent: FakeLiveSession['clientContent'];
  readonly realtimeInput: FakeLiveSession['realtimeInput'];
  readonly toolResponse: FakeLiveSession['toolResponse'];
  readonly contextUpdate: FakeLiveSession['contextUpdate'];
  readonly refused$: FakeLiveSession['refused$'];
  readonly sent: FakeSentMessages;
  readonly state$: Observable<LiveSessionState>;
  readonly stats$: Observable<OutboxStats>;
  readonly model: string;
  readonly written$: Observable<WrittenFrame>;

  private readonly stateSubject: BehaviorSubject<LiveSessionState>;
  private readonly statsSubject: BehaviorSubject<OutboxStats>;
  private readonly link: ConnectionLink;

  constructor(server: FakeServerScript, options: FakeLiveSessionOptions) {
    const stateSubject = new BehaviorSubject<LiveSessionState>(sessionStates.idle());
    const followConnection = options.state === undefined;
    const setState = (state: LiveSessionState): void => {
      if (followConnection) stateSubject.next(state);
    };
    const link: ConnectionLink = { opened: 0, open: false, replace: undefined };
    const script = (index: number): Observable<LiveServerMessage> => (typeof server === 'function' ? server(index) : server);
    // One subscription runs one script after another: a replaced connection's script is stopped and
    // the next one started, inside the same stream, as a resumable session does it. `share` gives the
    // real session's connection semantics: concurrent subscribers share one run, and a subscription
    // after it ended starts the next connection.
    const messages$ = new Observable<LiveServerMessage>((subscriber) => {
      let current: Subscription | undefined;
      const connect = (): void => {
        const own = new Subscription();
        current = own;
        const index = link.opened;
        link.opened += 1;
        link.open = true;
        setState(sessionStates.open());
        own.add(
          script(index).subscribe({
            next: (message) => {
              if (current === own) subscriber.next(message);
            },
            error: (error: unknown) => {
              if (current !== own) return;
              link.open = false;
              setState(error instanceof LiveError ? sessionStates.failed(error) : sessionStates.closed());
              subscriber.error(error);
            },
            complete: () => {
              if (current !== own) return;
              link.open = false;
              setState(sessionStates.closed(1000));
              subscriber.complete();
            },
          }),
        );
      };
      link.replace = (reason) => {
        current?.unsubscribe();
        current = undefined;
        setState(sessionStates.reconnecting());
        subscriber.next({ connectionReplaced: { reason } });
        if (!subscriber.closed) connect();
      };
      connect();
      return () => {
        current?.unsubscribe();
        current = undefined;
        link.replace = undefined;
        link.open = false;
        if (stateSubject.value.status === 'open' || stateSubject.value.status === 'reconnecting') setState(sessionStates.closed());
      };
    }).pipe(share());
    super((subscriber) => messages$.subscribe(subscriber));

    this.link = link;
    this.stateSubject = stateSubject;
    this.statsSubject = new BehaviorSubject(NO_STATS);
    this.state$ = stateSubject.pipe(distinctUntilChanged(sameSessionState));
    this.stats$ = this.statsSubject.asObservable();
    // A script's error goes to the stream it scripts: reported as unhandled, it would surface outside
    // the test, on a real timer.
    options.state?.subscribe({
      next: (state) => stateSubject.next(typeof state === 'string' ? { status: state } : state),
      error: (error: unknown) => stateSubject.error(error),
    });
    options.stats?.subscribe({
      next: (stats) => this.statsSubject.next(stats),
      error: (error: unknown) => this.statsSubject.error(error),
    });

    const recordings = {
      clientContent: new RecordingSubject<ClientContentMessage>(),
      realtimeInput: new RecordingSubject<RealtimeInputMessage>(),
      toolResponse: new RecordingSubject<ToolResponseMessage>(),
      contextUpdate: new RecordingSubject<ContextUpdateMessage>(),
      all: new RecordingSubject<SentMessage>(),
    };
    this.sent = recordings;
    const countStats = options.stats === undefined;
    this.model = options.model ?? 'models/gemini-live-2.5-flash-preview';
    const written = new WrittenFrames(options.scheduler);
    this.written$ = written.written$;
    const record = <M extends SentMessage>(recording: RecordingSubject<M>) => (message: M): void => {
      if (written.listening) written.wrote(writtenNote(message));
      if (countStats) {
        const stats = this.statsSubject.value;
        this.statsSubject.next({ ...stats, framesSent: stats.framesSent + 1, charsSent: stats.charsSent + JSON.stringify(message).length });
      }
      // `all` first: a test reacting to one sink's recording by sending again must not overtake it there.
      recordings.all.record(message);
      recording.record(message);
    };
    const sinks = sessionSinks(options.backend ?? { kind: 'gemini' }, {
      clientContent: record(recordings.clientContent),
      realtimeInput: record(recordings.realtimeInput),
      toolResponse: record(recordings.toolResponse),
      contextUpdate: record(recordings.contextUpdate),
    });
    this.clientContent = sinks.clientContent;
    this.realtimeInput = sinks.realtimeInput;
    this.toolResponse = sinks.toolResponse;
    this.contextUpdate = sinks.contextUpdate;
    this.refused$ = sinks.refused$;
  }

  get state(): LiveSessionState {
    return this.stateSubject.value;
  }

  get stats(): OutboxStats {
    return this.statsSubject.value;
  }

  get connections(): number {
    return this.link.opened;
  }

  get connected(): boolean {
    return this.link.open;
  }

  replaceConnection(reason: LiveConnectionReplacedReason = 'closed'): void {
    if (this.link.replace === undefined || !this.link.open) throw new Error('replaceConnection(): no connection is open, so there is none to replace');
    this.link.replace(reason);
  }

  connect(): Subscription {
    return this.subscribe({ error: () => undefined });
  }
}

function writtenNote(message: SentMessage): Parameters<WrittenFrames['wrote']>[0] {
  if ('realtimeInput' in message) return realtimeNote(message);
  if ('clientContent' in message) return { kind: 'clientContent', turnComplete: message.clientContent.turnComplete === true };
  return { kind: 'toolResponse' in message ? 'toolResponse' : 'contextUpdate' };
}

/**
 * A `LiveSession` for testing code built on a session, with no socket and no timers. The server is a
 * script, usually a `cold()` or `hot()` marble of `serverMessages` (any Observable works; end it with
 * `#` and `closeError(code)` for a failed connection; without one the server stays silent). Like a real session it runs the script only
 * once subscribed, shares it among concurrent subscribers, and starts it again for a subscription
 * after the previous one ended. The sinks validate and convert exactly like the real ones (an invalid
 * value is refused with a `LiveInputError` on `refused$`) and record the wire messages in `sent`.
 *
 * @example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { toClientContent } from 'rx-gemini-live';
 * import { fakeLiveSession, serverMessages as m } from 'rx-gemini-live/testing';
 *
 * new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
 *   const session = fakeLiveSession(cold('--a', { a: m.text('Hi!') }));
 *   session.clientContent.next({ turns: 'Hello' });
 *   expectObservable(session).toBe('--a', { a: m.text('Hi!') });
 *   expectObservable(session.sent.clientContent).toBe('a', { a: toClientContent({ turns: 'Hello' }) });
 * });
 * ```
 *
 * @category testing
 * @since 0.2.0
 */
export function fakeLiveSession(server: FakeServerScript = NEVER, options: FakeLiveSessionOptions = {}): FakeLiveSession {
  return new ScriptedLiveSession(server, options);
}
