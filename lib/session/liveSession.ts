import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { buildSetup } from '../protocol/buildSetup';
import type { LiveServerMessage } from '../protocol/serverMessages';
import type { LiveClientContentInput } from '../protocol/toClientContent';
import type { LiveContextUpdateInput } from '../protocol/toContextUpdate';
import { isDroppableRealtimeInput, type LiveRealtimeInput } from '../protocol/toRealtimeInput';
import type { LiveToolResponseInput } from '../protocol/toToolResponse';

import { endpoint$ } from '../transport/endpoint';
import { validateEndpointOptions } from '../transport/endpointChecks';
import { resolveBackend } from '../transport/endpointPlan';
import { redactSecrets } from '../transport/redact';
import type { LiveBackend, LiveEndpointOptions } from '../transport/endpointOptions';
import type { WebSocketFactory } from '../transport/webSocketLike';
import type { ClientContentMessage, ContextUpdateMessage, LiveClientSetup, RealtimeInputMessage, SetupMessage, ToolResponseMessage } from '../protocol/clientMessages';
import { connection, type ConnectionContext } from './connection';
import { LiveConfigError, type LiveSinkError } from '../errors';
import { DEFAULT_SETUP_TIMEOUT_MS, type LiveSessionOptions } from './options';
import { Outbox, outboxLimits, type OutboxStats } from './outbox';
import { type ReconnectPolicy, reconnectPolicy } from './reconnect';
import { resumableConnection } from './resumableConnection';
import { Resumption } from './resumption';
import { type LiveSessionSinks, type LiveSink, sessionSinks, type SinkTargets } from './sink';
import { SessionStateHolder } from './sessionStateHolder';
import { SharedConnection } from './sharedConnection';
import { checkTimerMs } from '../util/timerLimit';
import type { LiveSessionState } from './liveSessionState';
import { realtimeNote, type WrittenFrame, WrittenFrames } from './writtenFrames';

/**
 * A Gemini Live session: an Observable of server messages plus sinks for what the client sends.
 *
 * Nothing connects until someone subscribes. All concurrent subscribers share one connection; when
 * the last one unsubscribes the socket is closed with code 1000, and a later subscription opens a new
 * connection. Values given to the sinks before `setupComplete` wait in the outbox and go out in order
 * right after it.
 *
 * An interface, so code that takes a session can be handed a test double (`fakeLiveSession` from
 * `rx-gemini-live/testing`). Every session is also an `Observable` instance.
 *
 * @example
 * ```ts
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: process.env.GEMINI_API_KEY });
 * session.subscribe((message) => console.log(message));
 * session.clientContent.next({ turns: 'Hello', turnComplete: true });
 * ```
 *
 * @category session
 * @since 0.1.0
 */
export interface LiveSession extends Observable<LiveServerMessage> {
  /** Conversation turns (`sendClientContent` parameters). Never dropped, never reordered. */
  readonly clientContent: LiveSink<LiveClientContentInput>;
  /** Realtime audio, video, text and activity signals (`sendRealtimeInput` parameters). */
  readonly realtimeInput: LiveSink<LiveRealtimeInput>;
  /** Answers to tool calls (`sendToolResponse` parameters). Never dropped, never reordered. */
  readonly toolResponse: LiveSink<LiveToolResponseInput>;
  /** Mid-session system instruction or tools updates (`sendContextUpdate` parameters). */
  readonly contextUpdate: LiveSink<LiveContextUpdateInput>;
  /**
   * The error of every value a sink refused (`LiveInputError`: invalid or not serialisable;
   * `LiveOutboxOverflowError`: beyond the outbox's limit). A refused value is dropped, nothing of it
   * is sent, and the session carries on; sinks never throw, so they are safe as observers.
   *
   * @example
   * ```ts
   * import { liveSession } from 'rx-gemini-live/node';
   *
   * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: process.env.GEMINI_API_KEY });
   * session.refused$.subscribe((error) => console.warn(`${error.sink} refused a value: ${error.message}`));
   * ```
   *
   * @since 0.2.0
   */
  readonly refused$: Observable<LiveSinkError>;
  /** The connection's state, starting with the current one (`idle` before the first subscription). */
  readonly state$: Observable<LiveSessionState>;
  /** The current state. */
  readonly state: LiveSessionState;
  /** Flow-control counters (pending messages, realtime frames held and dropped), current one first. */
  readonly stats$: Observable<OutboxStats>;
  /** The current flow-control counters. */
  readonly stats: OutboxStats;
  /**
   * The model resource name sent in `setup` (`models/…`), e.g. to choose how to send a text turn.
   *
   * @since 0.2.0
   */
  readonly model: string;
  /**
   * Every frame from the sinks as it is written to a socket (replays after a reconnect included): its
   * kind and time, never its payload. Hot; frames are described only while someone subscribes, so it
   * costs nothing otherwise. `turnMetrics` uses it to know when the user's turn ended.
   *
   * @since 0.2.0
   */
  readonly written$: Observable<WrittenFrame>;
  /**
   * Holds the connection open until the returned `Subscription` is unsubscribed, as RxJS's
   * `connectable(...).connect()` does: a conversation that outlives each `ask` or `first()` in it.
   * Each call is one more subscriber of the shared connection; the last unsubscribe closes it with
   * 1000. A held connection that fails reports its error in `state$` (`closed` with `error`) and is
   * never an unhandled error; the returned subscription is then closed. Connecting again after that
   * starts a new conversation.
   *
   * @example
   * ```ts
   * import { liveSession } from 'rx-gemini-live/node';
   *
   * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: process.env.GEMINI_API_KEY });
   * const conversation = session.connect();
   * session.state$.subscribe(({ status, error }) => console.log(status, error?.message ?? ''));
   * // … ask, listen, ask again: one conversation …
   * conversation.unsubscribe(); // closes with 1000
   * ```
   *
   * @since 0.2.0
   */
  connect(): Subscription;
}

/** The session over a WebSocket that `liveSession()` returns. */
class SocketLiveSession extends Observable<LiveServerMessage> implements LiveSession {
  readonly model: string;

  /** Each sink is built on first use (`sessionSinks`): many sessions only ever use one. */
  private readonly sinks: LiveSessionSinks;
  private readonly sessionState: SessionStateHolder;
  private readonly outbox: Outbox;
  private readonly written: WrittenFrames;

  constructor(options: LiveSessionOptions, defaultWebSocketFactory: WebSocketFactory) {
    const prepared = prepare(options);
    const scheduler: SchedulerLike = options.scheduler ?? asyncScheduler;
    const limits = outboxLimits(options.outbox);
    const resumption = prepared.reconnect === undefined ? undefined : new Resumption(limits.maxPendingMessages, scheduler);
    const outbox = new Outbox(limits, scheduler, resumption);
    const sessionState = new SessionStateHolder();
    const base: ConnectionContext = {
      endpoint$: endpoint$(endpointOptionsOf(options)),
      setupFrame: prepared.setupFrame,
      webSocketFactory: options.webSocketFactory ?? defaultWebSocketFactory,
      outbox,
      setupTimeoutMs: options.setupTimeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS,
      scheduler,
      setState: stateSetter(sessionState),
      redact: sessionRedactor(prepared.secrets),
    };
    const source =
      prepared.reconnect === undefined || resumption === undefined
        ? connection(base)
        : resumingConnection(base, prepared.setup, prepared.reconnect, resumption);
    const shared = new SharedConnection(source, outbox);

    // Only what a subscription needs is kept by this closure: the session's parts are fields, and
    // the wiring lives in small functions below, so no scope holds the options or the setup object.
    super((subscriber) => shared.subscribe(subscriber));
    this.sessionState = sessionState;
    this.outbox = outbox;
    this.model = prepared.setup.model;
    const written = new WrittenFrames(options.scheduler);
    this.written = written;
    outbox.writtenLog = written;
    this.sinks = sessionSinks(prepared.backend, new OutboxTargets(outbox, written, resumption));
  }

  get clientContent(): LiveSink<LiveClientContentInput> {
    return this.sinks.clientContent;
  }

  get realtimeInput(): LiveSink<LiveRealtimeInput> {
    return this.sinks.realtimeInput;
  }

  get toolResponse(): LiveSink<LiveToolResponseInput> {
    return this.sinks.toolResponse;
  }

  get contextUpdate(): LiveSink<LiveContextUpdateInput> {
    return this.sinks.contextUpdate;
  }

  get refused$(): Observable<LiveSinkError> {
    return this.sinks.refused$;
  }

  get state$(): Observable<LiveSessionState> {
    return this.sessionState.state$;
  }

  get state(): LiveSessionState {
    return this.sessionState.value;
  }

  get stats$(): Observable<OutboxStats> {
    return this.outbox.stats$;
  }

  get stats(): OutboxStats {
    return this.outbox.stats;
  }

  get written$(): Observable<WrittenFrame> {
    return this.written.written$;
  }

  connect(): Subscription {
    // The error is already in state$ (`closed` with it); a held connection must not throw it again.
    return this.subscribe({ error: () => undefined });
  }
}

/** Where the session's sinks put converted values: its outbox, noting each frame for `written$`. */
class OutboxTargets implements SinkTargets {
  constructor(
    private readonly outbox: Outbox,
    private readonly written: WrittenFrames,
    private readonly resumption: Resumption | undefined,
  ) {}

  clientContent(message: ClientContentMessage, frame: string): void {
    const note = this.written.listening ? { kind: 'clientContent' as const, turnComplete: message.clientContent.turnComplete === true } : undefined;
    this.outbox.sendReliable(frame, 'clientContent', note);
  }

  toolResponse(_message: ToolResponseMessage, frame: string): void {
    // An answer to a call lost in a reconnect would close the resumed session (1007): not sent.
    const kept = this.resumption === undefined ? frame : this.resumption.withoutLostCalls(frame, 'toolResponse');
    if (kept !== undefined) this.outbox.sendReliable(kept, 'toolResponse', this.written.listening ? { kind: 'toolResponse' } : undefined);
  }

  contextUpdate(_message: ContextUpdateMessage, frame: string): void {
    this.outbox.sendReliable(frame, 'contextUpdate', this.written.listening ? { kind: 'contextUpdate' } : undefined);
  }

  realtimeInput(message: RealtimeInputMessage, frame: string): void {
    this.outbox.sendRealtime(frame, isDroppableRealtimeInput(message), this.written.listening ? realtimeNote(message) : undefined);
  }
}

/**
 * The options a connection's endpoint is resolved from, apart from the rest: `endpoint$` keeps them for
 * every reconnect, and the session's config (tools, system instruction) need not live that long.
 */
function endpointOptionsOf(options: LiveSessionOptions): LiveEndpointOptions {
  const { apiKey, vertex, baseUrl, apiVersion, headers } = options;
  return { apiKey, vertex, baseUrl, apiVersion, headers };
}

function stateSetter(holder: SessionStateHolder): (state: LiveSessionState) => void {
  return (state) => holder.set(state);
}

/** Redacts the session's own credentials and those of the connection's endpoint. */
function sessionRedactor(sessionSecrets: readonly string[]): (text: string, endpointSecrets?: readonly string[]) => string {
  return (text, endpointSecrets) => redactSecrets(text, endpointSecrets === undefined ? sessionSecrets : [...sessionSecrets, ...endpointSecrets]);
}

/** Connections that resume the conversation after a drop or `goAway`, under `policy`. */
function resumingConnection(base: ConnectionContext, setup: LiveClientSetup, policy: ReconnectPolicy, resumption: Resumption): Observable<LiveServerMessage> {
  return resumableConnection({
    policy,
    resumption,
    outbox: base.outbox,
    scheduler: base.scheduler,
    setState: base.setState,
    initialHandle: setup.sessionResumption?.handle,
    connect: (handle, hooks) =>
      connection({ ...base, setupFrame: resumeFrame(setup, handle), setState: hooks.setState, released: hooks.released, setupSent: hooks.setupSent }),
  });
}

interface PreparedSession {
  readonly setup: LiveClientSetup;
  readonly setupFrame: string;
  /** The backend the setup was built for; the sinks convert values for it too. */
  readonly backend: LiveBackend;
  readonly reconnect: ReconnectPolicy | undefined;
  /** Credentials known up front, redacted from everything we print. */
  readonly secrets: readonly string[];
}

/** Validates everything that can be checked before a socket exists, and builds the setup frame. */
function prepare(options: LiveSessionOptions): PreparedSession {
  if (typeof options !== 'object' || options === null) {
    throw new LiveConfigError('options', 'expected an options object with at least a model');
  }
  rejectUnsetApiKey(options);
  validateEndpointOptions(options);
  const reconnect = reconnectPolicy(options.reconnect);
  // Reconnecting needs handles, and the server sends them only when the setup asks for resumption.
  const config = reconnect === undefined ? options.config : { ...options.config, sessionResumption: options.config?.sessionResumption ?? {} };
  const backend = resolveBackend(options);
  const setup: SetupMessage = buildSetup(options.model, config, backend);
  if (options.setupTimeoutMs !== undefined) checkTimerMs('setupTimeoutMs', options.setupTimeoutMs);
  const secrets = [options.apiKey, options.vertex?.apiKey, stringOrUndefined(options.vertex?.accessToken)].filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  return { setup: setup.setup, setupFrame: JSON.stringify(setup), backend, reconnect, secrets };
}

/**
 * `apiKey: process.env.GEMINI_API_KEY` with the variable unset reads as `apiKey: undefined`. Said
 * here rather than by a 401 at the first connection. A proxy that adds the key (`baseUrl` without
 * an `apiKey` field), a credential header, Vertex AI, and a `webSocketFactory` (which decides where
 * the socket goes) still need no key.
 */
function rejectUnsetApiKey(options: LiveSessionOptions): void {
  if (!Object.hasOwn(options, 'apiKey') || options.apiKey !== undefined) return;
  if (options.vertex !== undefined || options.webSocketFactory !== undefined) return;
  const headers = Object.keys(options.headers ?? {}).map((name) => name.toLowerCase());
  if (headers.includes('x-goog-api-key') || headers.includes('authorization')) return;
  throw new LiveConfigError(
    'apiKey',
    'is undefined (an unset environment variable?): give an API key or an ephemeral token, or leave apiKey out for a proxy (baseUrl) that adds one',
  );
}

/** The setup frame of a connection that resumes `handle`; the same model and config (§6.6 step 3). */
function resumeFrame(setup: LiveClientSetup, handle: string | undefined): string {
  const { handle: _initial, ...resumption } = setup.sessionResumption ?? {};
  return JSON.stringify({ setup: { ...setup, sessionResumption: handle === undefined ? resumption : { handle, ...resumption } } });
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Creates a session (core entry: uses `globalThis.WebSocket`, read at subscribe time, unless
 * `webSocketFactory` is given). Invalid options throw a `LiveConfigError` here, before any socket.
 *
 * @internal
 */
export function createLiveSession(options: LiveSessionOptions, defaultWebSocketFactory: WebSocketFactory): LiveSession {
  return new SocketLiveSession(options, defaultWebSocketFactory);
}
