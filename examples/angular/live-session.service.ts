/**
 * A Live conversation as an Angular service: the session's state, transcript and errors as signals,
 * its lifetime tied to the injector that provides it. Provide it in a component
 * (`providers: [LiveSessionService]`) so leaving the component hangs up (close code 1000).
 */
import { DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { BehaviorSubject, catchError, EMPTY, filter, map, merge, NEVER, scan, share, Subject, switchMap } from 'rxjs';
import { liveSession, type LiveSession, type LiveSessionOptions, type LiveSessionStatus, textDeltas, transcripts } from 'rx-gemini-live';

/** The session's options; the model, credential and config of your app. */
export const LIVE_SESSION_OPTIONS = new InjectionToken<LiveSessionOptions>('LIVE_SESSION_OPTIONS');

/**
 * How a session is made: `liveSession` from `rx-gemini-live` (the browser's WebSocket) unless
 * provided; tests and server-side rendering give `rx-gemini-live/node`'s.
 */
export const LIVE_SESSION_FACTORY = new InjectionToken<(options: LiveSessionOptions) => LiveSession>('LIVE_SESSION_FACTORY', {
  factory: () => liveSession,
});

/** One line of the conversation. */
export interface TranscriptLine {
  readonly role: 'user' | 'model';
  readonly text: string;
}

type TranscriptEvent =
  | { readonly kind: 'user'; readonly text: string }
  | { readonly kind: 'model'; readonly delta: string }
  | { readonly kind: 'spoken'; readonly role: TranscriptLine['role']; readonly text: string; readonly finished: boolean }
  | { readonly kind: 'turnEnd' };

@Injectable()
export class LiveSessionService {
  /** The session itself, for anything the signals do not cover (sinks, operators). */
  readonly session = inject(LIVE_SESSION_FACTORY)(inject(LIVE_SESSION_OPTIONS));

  private readonly wanted = new BehaviorSubject(false);
  private readonly typed = new Subject<TranscriptEvent>();
  private readonly failure = signal<string | undefined>(undefined);

  /**
   * The messages while connected: one socket, shared by every signal below. An error ends this
   * connection (shown by `error`) instead of erroring the signals, which would then throw on read.
   */
  private readonly messages$ = this.wanted.pipe(
    switchMap((on) =>
      on
        ? this.session.pipe(
            catchError((error: unknown) => {
              this.failure.set(error instanceof Error ? error.message : String(error));
              this.wanted.next(false);
              return EMPTY;
            }),
          )
        : NEVER,
    ),
    share(),
  );

  /** `idle`, `connecting`, `open`, `reconnecting`, `closing` or `closed`. */
  readonly status = toSignal(this.session.state$.pipe(map((state) => state.status)), { initialValue: 'idle' as LiveSessionStatus });

  /** The last error's message, cleared by `connect()`. */
  readonly error = this.failure.asReadonly();

  /** Everything said so far: typed and spoken user turns, and the model's text or spoken words. */
  readonly transcript = toSignal(
    merge(
      this.typed,
      this.messages$.pipe(
        transcripts(),
        map((line): TranscriptEvent => ({ kind: 'spoken', role: line.direction === 'input' ? 'user' : 'model', text: line.text, finished: line.finished })),
      ),
      this.messages$.pipe(textDeltas(), map((delta): TranscriptEvent => ({ kind: 'model', delta }))),
      this.messages$.pipe(
        filter((message) => message.serverContent?.turnComplete === true || message.serverContent?.interrupted === true),
        map((): TranscriptEvent => ({ kind: 'turnEnd' })),
      ),
    ).pipe(scan(appendToTranscript, { lines: [], open: {} } as TranscriptState), map((state) => state.lines)),
    { initialValue: [] as readonly TranscriptLine[] },
  );

  constructor() {
    // Keeps the connection while wanted, even when no template reads the transcript.
    this.messages$.pipe(takeUntilDestroyed()).subscribe();
    inject(DestroyRef).onDestroy(() => this.wanted.complete());
  }

  /** Opens the connection (nothing happens when it is already open). */
  connect(): void {
    this.failure.set(undefined);
    if (!this.wanted.value) this.wanted.next(true);
  }

  /** Hangs up with close code 1000; `connect()` opens a new connection. */
  disconnect(): void {
    this.wanted.next(false);
  }

  /** Sends a typed user turn and shows it in the transcript. */
  send(text: string): void {
    this.typed.next({ kind: 'user', text });
    this.session.clientContent.next({ turns: text, turnComplete: true });
  }
}

interface TranscriptState {
  readonly lines: readonly TranscriptLine[];
  /** The index of the line each role is still adding to in this turn. */
  readonly open: Partial<Record<TranscriptLine['role'], number>>;
}

/** Folds one event into the transcript: fragments grow the role's open line, turn ends close them. */
function appendToTranscript(state: TranscriptState, event: TranscriptEvent): TranscriptState {
  switch (event.kind) {
    case 'turnEnd':
      return { lines: state.lines, open: {} };
    case 'user':
      return { lines: [...state.lines, { role: 'user', text: event.text }], open: { ...state.open, user: undefined } };
    case 'model':
      return upsert(state, 'model', (previous) => previous + event.delta, false);
    case 'spoken':
      return upsert(state, event.role, () => event.text, event.finished);
  }
}

function upsert(state: TranscriptState, role: TranscriptLine['role'], text: (previous: string) => string, finished: boolean): TranscriptState {
  const index = state.open[role];
  const lines = [...state.lines];
  let at = index;
  if (at === undefined) {
    at = lines.length;
    lines.push({ role, text: text('') });
  } else {
    lines[at] = { role, text: text((lines[at] as TranscriptLine).text) };
  }
  return { lines, open: { ...state.open, [role]: finished ? undefined : at } };
}
