/**
 * Reading `google.protobuf.Duration` values, which proto3 JSON writes as decimal seconds with an `s`
 * suffix (`"50s"`, `"9.5s"`, `"0.000500s"`). The server uses them for
 * `goAway.timeLeft`, transcription offsets and `voiceActivity.audioOffset`.
 *
 * @since 0.1.0
 */
import type { GoAway } from './serverMessages';

/**
 * Proto3 JSON Duration: an optional minus sign, whole seconds, at most nine fractional digits
 * (nanosecond precision), then `s`. Nothing else: no spaces, no exponent, no bare `.5s`.
 */
const DURATION = /^-?\d+(?:\.\d{1,9})?s$/;

/** The proto's range: ±10,000 years in seconds. */
const MAX_DURATION_SECONDS = 315_576_000_000;

/**
 * The number of seconds in a proto3 JSON Duration, or `undefined` when `text` is not one. The server
 * may add fields or change formats, so a value we cannot read is reported as unknown rather than
 * thrown: the caller picks a fallback (for `goAway`, treat the time left as "now").
 *
 * @example
 * ```ts
 * parseDuration('50s');   // 50
 * parseDuration('9.5s');  // 9.5
 * parseDuration('0s');    // 0
 * parseDuration('50');    // undefined (no unit)
 * ```
 *
 * @category protocol
 * @since 0.1.0
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  const seconds = Number(text.slice(0, -1));
  if (Math.abs(seconds) > MAX_DURATION_SECONDS) return undefined;
  // "-0s" is zero; a negative zero would surprise `Object.is` comparisons downstream.
  return seconds === 0 ? 0 : seconds;
}

/**
 * A `goAway`'s `timeLeft` in milliseconds; missing or unreadable gives 0 ("act now": the server may close at any moment).
 * Read by the `goAwayNotices` operator and by the session's reconnection, which rotates the connection
 * before the time runs out.
 *
 * @internal
 */
export function goAwayTimeLeftMs(goAway: GoAway): number {
  const seconds = goAway.timeLeft === undefined ? undefined : parseDuration(goAway.timeLeft);
  return seconds === undefined ? 0 : Math.max(0, Math.round(seconds * 1000));
}
