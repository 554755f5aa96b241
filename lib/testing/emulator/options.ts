/**
 * What an emulator can be told: which models and credentials it accepts, how fast it talks, what it
 * answers (a scenario), and which faults to inject. Every field is optional; the defaults make a
 * quick, deterministic server for tests.
 */

/** One user turn as the emulated model sees it: the text, or the scripted transcript of speech. */
export interface EmulatorUserTurn {
  /** What the user said or typed. */
  readonly text: string;
  /** How the turn arrived. */
  readonly source: 'clientContent' | 'realtimeText' | 'audio';
  /** 1 for the first turn of the conversation (resumed conversations keep counting). */
  readonly index: number;
}

/** A function call the emulated model makes when a user turn matches `when`. */
export interface EmulatorToolTrigger {
  /** A turn whose text contains this (case-insensitive) or matches this pattern triggers the call. */
  readonly when: string | RegExp;
  /** The declared function to call; triggers for undeclared functions are ignored, as a model would. */
  readonly name: string;
  readonly args?: Readonly<Record<string, unknown>>;
  /**
   * Parts of a `modelTurn` sent just before the `toolCall`, such as the `executableCode` part
   * `gemini-live-2.5-flash-preview` was recorded writing before a call (parts of any kind pass as
   * given). When several triggers match, their parts share one `modelTurn`.
   */
  readonly precedingParts?: readonly Readonly<Record<string, unknown>>[];
}

/** Delays that shape how replies stream. All in milliseconds of wall-clock time. */
export interface EmulatorTiming {
  /** From the end of a user turn to the first reply chunk. Default 0. */
  readonly firstChunkDelayMs?: number;
  /** Between reply chunks. Default 0. */
  readonly chunkIntervalMs?: number;
  /**
   * Duration of each output audio chunk. Default as recorded: 200 on Vertex AI (9,600 bytes at
   * 24 kHz), 40 on the Gemini API (1,920 bytes).
   */
  readonly audioChunkMs?: number;
  /** Words per text chunk. Default 3. */
  readonly wordsPerChunk?: number;
  /** Extra delay before every frame the emulator sends, to exercise slow networks. Default 0. */
  readonly frameDelayMs?: number;
  /** Sends every message as two WebSocket fragments, which clients must reassemble. Default false. */
  readonly splitFrames?: boolean;
}

/** Where in a connection's life an injected fault fires. */
export type EmulatorFaultPoint =
  /** The `setup` frame arrived; fires instead of answering `setupComplete`. */
  | 'setup'
  /** Right after `setupComplete` was sent. */
  | 'setupComplete'
  /** Right after the first `modelTurn` frame of a reply was sent (after a transcript that leads it). */
  | 'modelTurn'
  /** Right after a `toolCall` was sent. */
  | 'toolCall'
  /** Right after a `turnComplete` was sent. */
  | 'turnComplete';

/** What an injected fault does. */
export type EmulatorFaultAction =
  /** Destroys the TCP connection without a close frame (the client sees 1006). */
  | { readonly kind: 'drop' }
  /** Closes with this code and reason. */
  | { readonly kind: 'close'; readonly code: number; readonly reason?: string }
  /** Sends a frame that is not JSON. */
  | { readonly kind: 'malformed' }
  /** Stops reading from the socket, so the client's `bufferedAmount` grows. */
  | { readonly kind: 'stall' }
  /**
   * Goes silent: the emulated model hears and says nothing more, but the socket stays up and a
   * client's close is still answered (a server that hangs without closing).
   */
  | { readonly kind: 'freeze' }
  /** Sends `goAway` now, then closes when the time is up. */
  | { readonly kind: 'goAway'; readonly timeLeftMs: number };

/** A fault to inject at a point of a connection's life. */
export interface EmulatorFault {
  readonly at: EmulatorFaultPoint;
  readonly action: EmulatorFaultAction;
  /** Only on the Nth connection (1-based); every connection when absent. */
  readonly connection?: number;
  /** Fire at most once per emulator (default true); false fires at every matching point. */
  readonly once?: boolean;
}

/** What the emulated model says and does. */
export interface EmulatorScenario {
  /** The reply to a user turn. Default: a canned, deterministic answer (see `defaultReply`). */
  readonly reply?: (turn: EmulatorUserTurn) => string;
  /**
   * What the emulator "hears" in the Nth spoken turn (1-based), since it does not recognise speech.
   * A string is used for every spoken turn. Default: "What is the capital of France?".
   */
  readonly speechTranscript?: string | ((spokenTurn: number) => string);
  /**
   * Function calls the model makes on matching turns (only for functions declared in `setup`). All
   * the triggers that match a turn go out together, as one `toolCall` with several function calls.
   */
  readonly toolTriggers?: readonly EmulatorToolTrigger[];
  /** The reply once a tool answered. Default: names the function and quotes the response. */
  readonly replyWithToolResult?: (call: { readonly name: string; readonly response: unknown }) => string;
  readonly faults?: readonly EmulatorFault[];
}

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Host to bind. Default `127.0.0.1`; the emulator is for local use only. */
  readonly host?: string;
  /**
   * Model names accepted in `setup.model` (bare names, without `models/`). Others close with 1008,
   * as Google does. Default: the current Live models (`KNOWN_LIVE_MODELS`).
   */
  readonly models?: readonly string[];
  /** API keys accepted; any non-empty key when absent. A refused key fails the upgrade with 403. */
  readonly apiKeys?: readonly string[];
  /**
   * Ephemeral tokens accepted on the Constrained path, with how many new sessions each may open.
   * Resuming a session does not use one up, as Google's docs say. Any
   * `auth_tokens/…` token is accepted, without a limit, when absent.
   */
  readonly ephemeralTokens?: Readonly<Record<string, { readonly uses: number }>>;
  /**
   * The time in milliseconds since the epoch, for ephemeral-token expiry (`expireTime`,
   * `newSessionExpireTime`). Default `Date.now`; tests pass a clock they move forward.
   */
  readonly clock?: () => number;
  /** Closes each connection this long after it opened, after a `goAway`. */
  readonly connectionLifetimeMs?: number;
  /** How long before the end of the lifetime `goAway` is sent. Default 1000 ms. */
  readonly goAwayLeadMs?: number;
  readonly timing?: EmulatorTiming;
  readonly scenario?: EmulatorScenario;
  /**
   * Keep every client message in `connection.received` (default true). Long soak runs turn it off
   * to keep memory flat; the setup is always kept.
   */
  readonly record?: boolean;
}

/**
 * The models the emulator accepts by default: the Live models Google documents and the ones our
 * docs use.
 *
 * @category emulator
 * @since 0.2.0
 */
export const KNOWN_LIVE_MODELS: readonly string[] = [
  'gemini-live-2.5-flash-preview',
  'gemini-live-2.5-flash',
  'gemini-2.0-flash-live-001',
  'gemini-2.5-flash-native-audio-preview-09-2025',
  'gemini-2.5-flash-native-audio-preview-12-2025',
  'gemini-3.1-flash-live-preview',
];

/** The question spoken in `assets/question.wav`, and what the emulator hears by default. */
export const DEFAULT_SPEECH_TRANSCRIPT = 'What is the capital of France?';

/**
 * The emulator's default reply: a fixed answer for a few questions, an echo otherwise, so tests and
 * demos get the same words every run.
 *
 * @category emulator
 * @since 0.2.0
 */
export function defaultReply(turn: EmulatorUserTurn): string {
  if (/capital of france/i.test(turn.text)) return 'The capital of France is Paris.';
  if (/^\s*(hello|hi)\b/i.test(turn.text)) return 'Hello! How can I help you today?';
  return `You said: "${turn.text.trim()}". I am the Live API emulator, so my answers are canned.`;
}

/** The default reply once a tool answered. */
export function defaultToolResultReply(call: { readonly name: string; readonly response: unknown }): string {
  return `${call.name} returned ${JSON.stringify(call.response)}.`;
}
