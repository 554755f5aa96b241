/**
 * A Live conversation for an Angular component: the session's state, transcript, turn and usage as
 * signals, with `start()`, `stop()` and `send()`, its lifetime tied to the injecting context's
 * `DestroyRef`.
 */
import {
  assertInInjectionContext,
  computed,
  DestroyRef,
  inject,
  Injector,
  PLATFORM_ID,
  runInInjectionContext,
  signal,
  type Signal,
  type WritableSignal,
} from '@angular/core';
import { Observable, Subject, Subscription } from 'rxjs';
import { handleToolCalls, type HandleToolCallsOptions, type ToolHandlers } from '../operators/handleToolCalls';
import { sendText } from '../operators/sendText';
import { NO_USAGE, usage, type UsageTotals } from '../operators/usage';
import type { LiveServerMessage } from '../protocol/serverMessages';
import type { LiveSession } from '../session/liveSession';
import type { LiveSessionStatus } from '../session/liveSessionState';
import {
  type ConversationEvent,
  EMPTY_CONVERSATION,
  foldConversation,
  type ModelTurnInProgress,
  type TranscriptLine,
} from './conversationState';
import { LIVE_SESSION } from './provideLiveSession';

/**
 * Options of {@link injectLiveConversation}.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveConversationOptions {
  /** Where to inject from, when called outside an injection context (then its `DestroyRef` ends the conversation). */
  readonly injector?: Injector;
  /** The session to use instead of the one {@link provideLiveSession} provides. */
  readonly session?: LiveSession;
  /**
   * Function tools the model may call, answered on `session.toolResponse` while connected. Running
   * handlers see their `AbortSignal` aborted on `toolCallCancellation`, `stop()` and destroy.
   */
  readonly tools?: ToolHandlers;
  /** Timeout and scheduling of the tool handlers (see `handleToolCalls`). */
  readonly toolOptions?: HandleToolCallsOptions;
  /**
   * Under server-side rendering `start()` does nothing unless this is true: a page rendered on the
   * server has no one to talk to. Default false.
   */
  readonly connectOnServer?: boolean;
}

/**
 * A conversation over a Live session, as signals for a template. Signals never throw when read:
 * a failed connection shows in `error` and `status`.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveConversation {
  /** The session itself, for anything the signals do not cover (sinks, operators, `stats$`). */
  readonly session: LiveSession;
  /** `idle`, `connecting`, `open`, `reconnecting`, `closing` or `closed`. */
  readonly status: Signal<LiveSessionStatus>;
  /** `start()` was called and the connection has not ended since. */
  readonly active: Signal<boolean>;
  /** Why the last connection ended, or why the last `send()` was refused; cleared by `start()`. Usually a `LiveError`. */
  readonly error: Signal<Error | undefined>;
  /** Both sides of the conversation, one line per role and turn, growing as fragments stream. */
  readonly transcript: Signal<readonly TranscriptLine[]>;
  /** The model turn being received, `undefined` between turns. */
  readonly currentTurn: Signal<ModelTurnInProgress | undefined>;
  /** Token counts added up over the turns so far (`usage()`). */
  readonly usage: Signal<UsageTotals>;
  /**
   * The session's messages while connected, shared with the signals above: derive more signals
   * from it (`toSignal(conversation.messages$.pipe(…))`) without opening another connection. Never
   * errors; completes when the conversation is destroyed.
   */
  readonly messages$: Observable<LiveServerMessage>;
  /** Connects, unless already connected (or rendering on the server, see `connectOnServer`). */
  start(): void;
  /** Hangs up with close code 1000 and aborts running tool handlers; `start()` connects again. */
  stop(): void;
  /** Sends a typed user turn and adds it to the transcript. */
  send(text: string): void;
}

/**
 * A conversation over the provided Live session (see {@link provideLiveSession}), for a component
 * or a service: call it in a field initialiser or constructor, or pass `injector`. Nothing connects
 * until `start()`. When the injecting context is destroyed (the component leaves the page), the
 * connection closes with 1000 and running tool handlers are aborted.
 *
 * Works zoneless: every signal is set as messages arrive, and templates that read them are
 * refreshed by Angular's signal-based change detection.
 *
 * @example
 * ```ts
 * import { Component } from '@angular/core';
 * import { injectLiveConversation } from 'rx-gemini-live/angular';
 *
 * @Component({
 *   selector: 'app-chat',
 *   template: `
 *     <p>{{ live.status() }} {{ live.error()?.message }}</p>
 *     @for (line of live.transcript(); track $index) { <p [class]="line.role">{{ line.text }}</p> }
 *     <button (click)="live.start()">Connect</button>
 *     <button (click)="live.send('Hello!')">Say hello</button>
 *   `,
 * })
 * export class Chat {
 *   protected readonly live = injectLiveConversation();
 * }
 * ```
 *
 * @category angular
 * @since 0.2.0
 */
export function injectLiveConversation(options: LiveConversationOptions = {}): LiveConversation {
  if (options.injector === undefined) assertInInjectionContext(injectLiveConversation);
  const injector = options.injector ?? inject(Injector);
  return runInInjectionContext(injector, () => {
    const session = options.session ?? inject(LIVE_SESSION);
    const onServer = inject(PLATFORM_ID) === 'server';
    const conversation = new SignalConversation(session, options, onServer && options.connectOnServer !== true);
    inject(DestroyRef).onDestroy(() => conversation.destroy());
    return conversation;
  });
}

/** The conversation's state: one connection at a time, signals set from its messages. */
class SignalConversation implements LiveConversation {
  readonly status: WritableSignal<LiveSessionStatus>;
  readonly active = signal(false);
  readonly error = signal<Error | undefined>(undefined);
  readonly transcript: Signal<readonly TranscriptLine[]>;
  readonly currentTurn: Signal<ModelTurnInProgress | undefined>;
  readonly usage = signal<UsageTotals>(NO_USAGE);
  readonly messages$: Observable<LiveServerMessage>;

  private readonly messages = new Subject<LiveServerMessage>();
  private readonly state = signal(EMPTY_CONVERSATION);
  private readonly watching: Subscription;
  private connection: Subscription | undefined;

  constructor(
    readonly session: LiveSession,
    private readonly options: LiveConversationOptions,
    private readonly stayOffline: boolean,
  ) {
    this.status = signal(session.state.status);
    this.transcript = computed(() => this.state().transcript);
    this.currentTurn = computed(() => this.state().turn);
    this.messages$ = this.messages.asObservable();
    this.watching = session.state$.subscribe({
      next: (state) => {
        // Dropping the half reply here as well as at the session's marker: whichever comes first.
        if (state.status === 'reconnecting' && this.status() !== 'reconnecting') this.fold({ kind: 'replaced' });
        this.status.set(state.status);
      },
      error: (error: unknown) => this.error.set(asError(error)),
    });
    this.watching.add(this.messages.pipe(usage()).subscribe((totals) => this.usage.set(totals)));
    // Sinks never throw: what they refuse (a bad send, a tool result that cannot be serialised) is
    // reported here, and shows in `error` without ending the conversation.
    this.watching.add(session.refused$.subscribe((error) => this.error.set(error)));
    // Extension point: each derived signal is one subscription to `messages` added here, as `usage`
    // is; per-turn metrics (latency, tokens per turn) will join the same way when the library has
    // an operator for them.
  }

  start(): void {
    if (this.stayOffline || this.connection !== undefined) return;
    this.error.set(undefined);
    this.active.set(true);
    const connection = new Subscription();
    this.connection = connection;
    // Tools listen before the session is subscribed: a fake or replaying session may deliver the
    // first messages synchronously, during `subscribe`.
    const tools = this.options.tools;
    if (tools !== undefined) {
      connection.add(
        this.messages.pipe(handleToolCalls(tools, this.options.toolOptions)).subscribe({
          next: (response) => {
            this.session.toolResponse.next(response);
          },
          error: (error: unknown) => this.error.set(asError(error)),
        }),
      );
    }
    connection.add(
      this.session.subscribe({
        next: (message) => {
          this.fold({ kind: 'message', message });
          this.messages.next(message);
        },
        error: (error: unknown) => {
          this.error.set(asError(error));
          this.ended(connection);
        },
        complete: () => this.ended(connection),
      }),
    );
  }

  stop(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    connection.unsubscribe();
    this.ended(connection);
  }

  send(text: string): void {
    // The text goes the way the model takes it (Gemini 3.1 refuses mid-session clientContent).
    if (sendText(this.session, text) !== undefined) return;
    this.fold({ kind: 'typed', text });
  }

  destroy(): void {
    this.stop();
    this.watching.unsubscribe();
    this.messages.complete();
  }

  private ended(connection: Subscription): void {
    if (this.connection === connection) this.connection = undefined;
    connection.unsubscribe();
    this.active.set(false);
    this.fold({ kind: 'ended' });
  }

  private fold(event: ConversationEvent): void {
    this.state.update((state) => foldConversation(state, event));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
