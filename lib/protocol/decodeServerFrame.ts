/**
 * From a WebSocket frame to a `LiveServerMessage`, synchronously. The server sends JSON in binary
 * frames, so bytes are decoded here with `TextDecoder` rather than through
 * `Blob.text()`, whose asynchrony reorders frames. Browser-safe: no Node built-ins.
 *
 * @since 0.1.0
 */
import * as either from 'fp-ts/lib/Either.js';
import { LiveProtocolError } from '../errors';
import { redactedExcerpt } from '../transport/redact';
import { jsonGuard } from './jsonGuard';
import { reportErrors } from './reportErrors';
import { LiveServerMessage } from './serverMessages';
import { isRecord } from '../util/isRecord';

/** `LiveServerMessage.is`, walking the keys a message has rather than every key the codec knows. */
const isServerMessage = jsonGuard(LiveServerMessage);

/** How much of a bad frame `LiveProtocolError.excerpt` keeps. */
const EXCERPT_LENGTH = 200;

/**
 * `fatal`, so bytes that are not UTF-8 fail loudly instead of turning into U+FFFD inside a transcript.
 * Without `stream`, a fatal decoder keeps no state between calls, so one instance serves every frame.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Options of {@link decodeServerFrame}.
 *
 * @category protocol
 * @since 0.2.0
 */
export interface DecodeServerFrameOptions {
  /**
   * Removes credentials from the text of a `LiveProtocolError` (its `excerpt` and `problems`). It runs
   * before the text is cut to length, so a secret straddling the cut is removed whole. Default:
   * `redactSecrets` without known secrets (credential shapes and query parameters only).
   */
  readonly redact?: (text: string) => string;
}

/**
 * Decodes one frame: a `string` (text frame), an `ArrayBuffer`, any `ArrayBufferView` (`Uint8Array`,
 * `DataView`, Node `Buffer`), or an array of views (`ws` with `binaryType: 'fragments'`). Returns the
 * message, with unknown fields and message kinds kept, or a `LiveProtocolError` naming what is wrong:
 * a frame type we cannot read (a `Blob` means `binaryType` was not set to `'arraybuffer'`), bytes that
 * are not UTF-8, text that is not JSON, JSON that is not an object, or fields of the wrong type
 * (`serverContent.turnComplete: expected boolean, got "yes"`). It never throws.
 *
 * @example
 * ```ts
 * const result = decodeServerFrame(new TextEncoder().encode('{\n  "setupComplete": {}\n}\n'));
 * if (either.isRight(result)) console.log(result.right.setupComplete); // {}
 * ```
 *
 * @category protocol
 * @since 0.1.0
 */
export function decodeServerFrame(data: unknown, options: DecodeServerFrameOptions = NO_OPTIONS): either.Either<LiveProtocolError, LiveServerMessage> {
  // Nothing is allocated for a frame that decodes: excerpts and redaction are built only on failure.
  const redact = options.redact;
  const text = typeof data === 'string' ? data : frameText(data, redact);
  return typeof text === 'string' ? parseMessage(text, redact) : either.left(text);
}

const NO_OPTIONS: DecodeServerFrameOptions = {};

/** The start of `text` for an error, redacted before it is cut. */
function excerptOf(text: string, redact: ((text: string) => string) | undefined): string {
  return redactedExcerpt(text, EXCERPT_LENGTH, redact);
}

function frameText(data: unknown, redact: ((text: string) => string) | undefined): string | LiveProtocolError {
  // `ArrayBuffer.isView` and the tag test work across realms (a Buffer made outside a vm context,
  // as in Jest), where `instanceof` does not.
  if (ArrayBuffer.isView(data)) return utf8Text(bytesOf(data), redact);
  if (data instanceof ArrayBuffer || tagOf(data) === 'ArrayBuffer') return utf8Text(new Uint8Array(data as ArrayBuffer), redact);
  if (Array.isArray(data) && data.every((fragment) => ArrayBuffer.isView(fragment))) {
    return utf8Text(concatenate(data as readonly ArrayBufferView[]), redact);
  }
  return new LiveProtocolError([`expected a text or binary frame, got ${frameKind(data)}`], '');
}

function utf8Text(bytes: Uint8Array, redact: ((text: string) => string) | undefined): string | LiveProtocolError {
  try {
    return utf8.decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes.subarray(0, 4 * EXCERPT_LENGTH));
    return new LiveProtocolError(['the binary frame is not valid UTF-8'], excerptOf(lenient, redact));
  }
}

/** The view's own bytes, whatever its element type: respects `byteOffset`, copies nothing. */
function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function concatenate(fragments: readonly ArrayBufferView[]): Uint8Array {
  if (fragments.length === 1 && fragments[0] !== undefined) return bytesOf(fragments[0]);
  const whole = new Uint8Array(fragments.reduce((total, fragment) => total + fragment.byteLength, 0));
  let offset = 0;
  for (const fragment of fragments) {
    whole.set(bytesOf(fragment), offset);
    offset += fragment.byteLength;
  }
  return whole;
}

function parseMessage(text: string, redact: ((text: string) => string) | undefined): either.Either<LiveProtocolError, LiveServerMessage> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (thrown) {
    // V8 quotes a piece of the frame in its message, cut where it likes: redact what it kept.
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const detail = redact === undefined ? redactedExcerpt(message, message.length) : redact(message);
    return either.left(new LiveProtocolError([`the frame is not valid JSON (${detail})`], excerptOf(text, redact)));
  }
  // The envelope is an object of optional message kinds; `t.partial` alone would
  // let an array through.
  if (!isRecord(json)) {
    return either.left(new LiveProtocolError([`expected a JSON object, got ${jsonKind(json)}`], excerptOf(text, redact)));
  }
  // Fast path: every server codec is a pure validator (non-exact, no transformation of a value it
  // accepts as is), so a message that passes `is` decodes to itself. The guard answers as `is` does
  // and allocates nothing, where `decode` builds an Either and a context per field, several times the
  // cost of `JSON.parse` on a streamed chunk. Anything it refuses (an int64 sent as a number, a wrong
  // type) takes the full decode, which converts or reports it.
  if (isServerMessage(json)) return either.right(json);
  const decoded = LiveServerMessage.decode(json);
  return either.isRight(decoded)
    ? decoded
    : either.left(new LiveProtocolError(reportErrors(decoded.left, { redact: redact ?? ((raw) => redactedExcerpt(raw, raw.length)) }), excerptOf(text, redact)));
}

function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function frameKind(data: unknown): string {
  if (data === null || data === undefined) return String(data);
  if (Array.isArray(data)) return 'an array that is not made of byte buffers';
  if (typeof data !== 'object') return `a ${typeof data}`;
  const tag = tagOf(data);
  return tag === 'Blob' ? 'a Blob (set binaryType to "arraybuffer")' : `an object (${tag})`;
}

function jsonKind(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'an array';
  return `a ${typeof json}`;
}
