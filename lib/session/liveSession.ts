import { asyncScheduler, finalize, Observable, type SchedulerLike, share } from 'rxjs';
import { buildSetup } from '../protocol/buildSetup';
import type { LiveServerMessage } from '../protocol/serverMessages';
import type { LiveClientContentInput } from '../protocol/toClientContent';
import type { LiveContextUpdateInput } from '../protocol/toContextUpdate';
import { isDroppableRealtimeInput, type LiveRealtimeInput } from '../protocol/toRealtimeInput';
import type { LiveToolResponseInput } from '../protocol/toToolResponse';

import { endpoint$, resolveBackend, validateEndpointOptions } from '../transport/endpoint';
import { redactSecrets } from '../transport/redact';
import type { WebSocketFactory } from '../transport/webSocketLike';
import type { LiveClientSetup, SetupMessage } from '../protocol/clientMessages';
import { connection, type ConnectionContext } from './connection';
import { LiveConfigError, type LiveSinkError } from './errors';
import { DEFAULT_SETUP_TIMEOUT_MS, type LiveSessionOptions } from './options';
import { Outbox, outboxLimits, type OutboxStats } from './outbox';
import { type ReconnectPolicy, reconnectPolicy } from './reconnect';
import { resumableConnection } from './resumableConnection';
import { Resumption } from './resumption';
import { type LiveSink, sessionSinks } from './sink';
import { SessionState } from './sessionState';
import { checkTimerMs } from './timerLimit';
import type { LiveSessionState } from './state';

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
}

/** The session over a WebSocket that `liveSession()` returns. */
class SocketLiveSession extends Observable<LiveServerMessage> implements LiveSession {
  readonly clientContent: LiveSink<LiveClientContentInput>;
  readonly realtimeInput: LiveSink<LiveRealtimeInput>;
  readonly toolResponse: LiveSink<LiveToolResponseInput>;
  readonly contextUpdate: LiveSink<LiveContextUpdateInput>;
  readonly refused$: Observable<LiveSinkError>;

  private readonly sessionState: SessionState;
  private readonly outbox: Outbox;

  constructor(options: LiveSessionOptions, defaultWebSocketFactory: WebSocketFactory) {
    const prepared = prepare(options);
    const scheduler: SchedulerLike = options.scheduler ?? asyncScheduler;
    const limits = outboxLimits(options.outbox);
    const resumption = prepared.reconnect === undefined ? undefined : new Resumption(limits.maxPendingMessages);
    const outbox = new Outbox(limits, scheduler, resumption);
    const sessionState = new SessionState();
    const setState = (state: LiveSessionState): void => sessionState.set(state);
    const base: ConnectionContext = {
      endpoint$: endpoint$(options),
      setupFrame: prepared.setupFrame,
      webSocketFactory: options.webSocketFactory ?? defaultWebSocketFactory,
      outbox,
      setupTimeoutMs: options.setupTimeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS,
      scheduler,
      setState,
      redact: (text, endpoint) => redactSecrets(text, [...prepared.secrets, ...(endpoint?.secrets ?? [])]),
    };
    const messages$ = (
      prepared.reconnect === undefined || resumption === undefined
        ? connection(base)
        : resumableConnection({
            policy: prepared.reconnect,
            resumption,
            outbox,
            scheduler,
            setState,
            initialHandle: prepared.setup.sessionResumption?.handle,
            connect: (handle, hooks) =>
              connection({ ...base, setupFrame: resumeFrame(prepared.setup, handle), setState: hooks.setState, released: hooks.released }),
          })
    ).pipe(
      // What still waits when a conversation ends belongs to it: a later subscription starts a new
      // conversation, which a stale toolResponse would get closed with 1007 (issue 13 §5).
      finalize(() => outbox.clear()),
      share(),
    );

    super((subscriber) => messages$.subscribe(subscriber));
    this.sessionState = sessionState;
    this.outbox = outbox;

    const sinks = sessionSinks(resolveBackend(options), {
      clientContent: (_message, frame) => outbox.sendReliable(frame, 'clientContent'),
      toolResponse: (_message, frame) => {
        // An answer to a call lost in a reconnect would close the resumed session (1007): not sent.
        const kept = resumption === undefined ? frame : resumption.withoutLostCalls(frame, 'toolResponse');
        if (kept !== undefined) outbox.sendReliable(kept, 'toolResponse');
      },
      contextUpdate: (_message, frame) => outbox.sendReliable(frame, 'contextUpdate'),
      realtimeInput: (message, frame) => outbox.sendRealtime(frame, isDroppableRealtimeInput(message)),
    });
    this.clientContent = sinks.clientContent;
    this.realtimeInput = sinks.realtimeInput;
    this.toolResponse = sinks.toolResponse;
    this.contextUpdate = sinks.contextUpdate;
    this.refused$ = sinks.refused$;
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
}

interface PreparedSession {
  readonly setup: LiveClientSetup;
  readonly setupFrame: string;
  readonly reconnect: ReconnectPolicy | undefined;
  /** Credentials known up front, redacted from everything we print. */
  readonly secrets: readonly string[];
}

/** Validates everything that can be checked before a socket exists, and builds the setup frame. */
function prepare(options: LiveSessionOptions): PreparedSession {
  if (typeof options !== 'object' || options === null) {
    throw new LiveConfigError('options', 'expected an options object with at least a model');
  }
  validateEndpointOptions(options);
  const reconnect = reconnectPolicy(options.reconnect);
  // Reconnecting needs handles, so it asks for them (PROTOCOL.md §6.6 step 1).
  const config = reconnect === undefined ? options.config : { ...options.config, sessionResumption: options.config?.sessionResumption ?? {} };
  const setup: SetupMessage = buildSetup(options.model, config, resolveBackend(options));
  if (options.setupTimeoutMs !== undefined) checkTimerMs('setupTimeoutMs', options.setupTimeoutMs);
  const secrets = [options.apiKey, options.vertex?.apiKey, stringOrUndefined(options.vertex?.accessToken)].filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  return { setup: setup.setup, setupFrame: JSON.stringify(setup), reconnect, secrets };
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
 * @category session
 * @since 0.1.0
 */
export function createLiveSession(options: LiveSessionOptions, defaultWebSocketFactory: WebSocketFactory): LiveSession {
  return new SocketLiveSession(options, defaultWebSocketFactory);
}
