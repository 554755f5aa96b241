/**
 * The `LiveError` family. Every failure a session reports is one of these, so applications can branch
 * on `instanceof` or on `kind`, and a retry policy can read `retryable`. Messages never contain secrets:
 * anything that came from a URL or a server reason is redacted before it gets here.
 */

/**
 * What went wrong, as a stable string for `switch` statements and logs.
 *
 * @since 0.1.0
 */
export type LiveErrorKind =
  | 'config'
  | 'input'
  | 'outbox-overflow'
  | 'protocol'
  | 'setup-timeout'
  | 'response-timeout'
  | 'conversation-ended'
  | 'close'
  | 'handshake'
  | 'socket'
  | 'websocket-unavailable'
  | 'audio-format'
  | 'media-unavailable'
  | 'auth-token'
  | 'tool-call-aborted';

/**
 * Base class of every error the library raises.
 *
 * @category errors
 * @since 0.1.0
 */
export abstract class LiveError extends Error {
  abstract readonly kind: LiveErrorKind;
  /** True when trying again (a new connection, resumption) may succeed. */
  abstract readonly retryable: boolean;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A configuration is invalid: the session's options (raised before any socket is opened), or the
 * options of an operator or helper (raised when it is called, e.g. `dropOldest({ limit: -1 })`).
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveConfigError extends LiveError {
  readonly kind = 'config';
  readonly retryable = false;
  /** Where in the options the problem is, e.g. `config.responseModalities` or `dropOldest.limit`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(`Invalid Live config at ${path}: ${message}`);
    this.path = path;
  }
}

/**
 * A value given to a sink (`clientContent`, `realtimeInput`, `toolResponse`) is invalid. Thrown
 * synchronously from `next`, before anything is queued or sent.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveInputError extends LiveError {
  readonly kind = 'input';
  readonly retryable = false;
  /** Which sink refused the value. */
  readonly sink: string;

  constructor(sink: string, message: string) {
    super(`Invalid ${sink} input: ${message}`);
    this.sink = sink;
  }
}

/**
 * More clientContent/toolResponse messages are waiting for the connection than the outbox holds. Those
 * messages are never dropped silently, so the one that does not fit is refused with this error.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveOutboxOverflowError extends LiveError {
  readonly kind = 'outbox-overflow';
  readonly retryable = false;
  readonly limit: number;
  /** Which sink refused the value. */
  readonly sink: string;

  constructor(sink: string, limit: number, message?: string) {
    super(message ?? `The outbox already holds ${limit} ${sink} message(s) waiting for the connection or a congested socket; refusing more`);
    this.limit = limit;
    this.sink = sink;
  }
}

/**
 * Why a sink refused a value, as emitted by `session.refused$`: invalid or unserialisable
 * (`LiveInputError`), or beyond the outbox's limit (`LiveOutboxOverflowError`). `sink` names the sink.
 *
 * @category errors
 * @since 0.2.0
 */
export type LiveSinkError = LiveInputError | LiveOutboxOverflowError;

/**
 * The server sent a frame that is not a valid Live message. The process never crashes on one: it ends
 * the session with this error instead.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveProtocolError extends LiveError {
  readonly kind = 'protocol';
  readonly retryable = false;
  /** The paths and expectations that failed, e.g. `serverContent.turnComplete: expected boolean`. */
  readonly problems: readonly string[];
  /** The start of the offending frame, for diagnosis. */
  readonly excerpt: string;

  constructor(problems: readonly string[], excerpt: string) {
    super(`Bad frame from the Live server: ${problems.join('; ')}`);
    this.problems = problems;
    this.excerpt = excerpt;
  }
}

/**
 * The server did not answer `setup` with `setupComplete` in time (`setupTimeout`). The socket is closed.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveSetupTimeoutError extends LiveError {
  readonly kind = 'setup-timeout';
  readonly retryable = true;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`No setupComplete from the Live server within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A connection was sent a clientContent or toolResponse and then heard nothing from the server for
 * `reconnect.responseTimeoutMs`: a silent death, which no close code reports. A
 * session with `reconnect` replaces the connection; this error surfaces only when it cannot.
 *
 * @example
 * ```ts
 * session.subscribe({ error: (error) => error instanceof LiveResponseTimeoutError && console.warn(`silent for ${error.timeoutMs} ms`) });
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class LiveResponseTimeoutError extends LiveError {
  readonly kind = 'response-timeout';
  readonly retryable = true;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`The Live server sent nothing for ${timeoutMs} ms after a message that expects an answer`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The conversation ended before the answer a caller waited for (`ask`, `nextAnswer`): the session
 * closed normally (`cause` undefined) or failed (`cause` is its `LiveError`, whose `retryable` this
 * error repeats). The answer is lost; asking again opens a new conversation.
 *
 * @category errors
 * @since 0.2.0
 */
export class LiveConversationEndedError extends LiveError {
  readonly kind = 'conversation-ended';
  readonly retryable: boolean;
  override readonly cause: LiveError | undefined;

  constructor(cause: LiveError | undefined) {
    super(cause === undefined ? 'The conversation ended before the answer was complete' : `The conversation ended before the answer was complete: ${cause.message}`);
    this.cause = cause;
    this.retryable = cause?.retryable ?? true;
  }
}

/**
 * The connection closed with a code that is not a normal end (RFC 6455 §7.4). Subclasses name
 * the common codes; `closeCode` and `reason` are always set.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveCloseError extends LiveError {
  readonly kind = 'close';
  readonly retryable: boolean;
  readonly closeCode: number;
  /** The server's close reason (at most 123 bytes, so often cut short), redacted. */
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(closeCode: number, reason: string, wasClean: boolean, retryable: boolean, summary?: string) {
    const what = summary ?? 'Live connection closed';
    super(reason === '' ? `${what} (code ${closeCode})` : `${what} (code ${closeCode}): ${reason}`);
    this.closeCode = closeCode;
    this.reason = reason;
    this.wasClean = wasClean;
    this.retryable = retryable;
  }
}

/**
 * 1007: the server rejected a message or the setup as invalid ("Request contains an invalid argument",
 * expired key, unsupported region). Sending the same thing again fails the same way.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveInvalidArgumentError extends LiveCloseError {
  constructor(reason: string, wasClean: boolean) {
    super(1007, reason, wasClean, false, 'The Live server rejected the request as invalid');
  }
}

/**
 * 1008: policy violation, typically an unknown model for this API version, or a goAway ignored.
 *
 * @category errors
 * @since 0.1.0
 */
export class LivePolicyViolationError extends LiveCloseError {
  constructor(reason: string, wasClean: boolean) {
    super(1008, reason, wasClean, false, 'The Live server refused the session (policy violation)');
  }
}

/**
 * 1011: an internal server error, overload or deadline; retryable, except for an ephemeral token used
 * up ("Token has been used too many times").
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveServerError extends LiveCloseError {
  constructor(reason: string, wasClean: boolean) {
    super(1011, reason, wasClean, !/used too many times/i.test(reason), 'The Live server failed');
  }
}

/**
 * 1006: the connection dropped without a close frame (network loss, process killed, refused).
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveConnectionLostError extends LiveCloseError {
  constructor(reason: string) {
    super(1006, reason, false, true, 'The Live connection was lost');
  }
}

/**
 * The WebSocket upgrade was refused with an HTTP status (401/403 bad credentials, 404 wrong path,
 * 429/5xx load). Retryable for 408, 429 and 5xx only.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveHandshakeError extends LiveError {
  readonly kind = 'handshake';
  readonly retryable: boolean;
  readonly httpStatus: number;

  constructor(httpStatus: number, detail: string) {
    super(`The Live server refused the WebSocket upgrade with HTTP ${httpStatus}${detail === '' ? '' : `: ${detail}`}`);
    this.httpStatus = httpStatus;
    this.retryable = httpStatus === 408 || httpStatus === 429 || httpStatus >= 500;
  }
}

/**
 * The socket could not be created or reported an error without a usable close code.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveSocketError extends LiveError {
  readonly kind = 'socket';
  readonly retryable = true;

  constructor(message: string) {
    super(message);
  }
}

/**
 * No WebSocket implementation: the core entry found no `globalThis.WebSocket` (Node 20 without
 * `--experimental-websocket`) and no `webSocketFactory` was given.
 *
 * @category errors
 * @since 0.1.0
 */
export class LiveWebSocketUnavailableError extends LiveError {
  readonly kind = 'websocket-unavailable';
  readonly retryable = false;

  constructor() {
    super(
      "No WebSocket implementation: globalThis.WebSocket is missing. On Node 20 import liveSession from 'rx-gemini-live/node', or pass webSocketFactory",
    );
  }
}

/**
 * Audio bytes are not in a format the audio helpers read (for `readWav`: anything but 16-bit PCM in a
 * RIFF/WAVE container, or a file cut short). Reading the same bytes again fails the same way.
 *
 * @category errors
 * @since 0.2.0
 */
export class LiveAudioFormatError extends LiveError {
  readonly kind = 'audio-format';
  readonly retryable = false;
  /** The container or encoding that was being read, e.g. `wav`. */
  readonly format: string;

  constructor(format: string, message: string) {
    super(`Cannot read ${format} audio: ${message}`);
    this.format = format;
  }
}

/**
 * A browser capture or playback helper (`microphone$`, `speaker`, `cameraFrames$`) found no API it
 * needs: not a browser, an insecure page (`getUserMedia` needs https or localhost), or no Web Audio.
 * Permission refusals are not this error: `getUserMedia`'s own `NotAllowedError` passes through.
 *
 * @category errors
 * @since 0.2.0
 */
export class LiveMediaUnavailableError extends LiveError {
  readonly kind = 'media-unavailable';
  readonly retryable = false;
  /** The missing API, e.g. `navigator.mediaDevices.getUserMedia`. */
  readonly api: string;

  constructor(helper: string, api: string) {
    super(`${helper} needs ${api}, which this runtime does not have (a browser page served over https or from localhost)`);
    this.api = api;
  }
}
