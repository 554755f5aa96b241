import { LiveConfigError } from '../errors';

/**
 * The longest delay a JavaScript timer can hold: 2^31 − 1 ms (about 24.8 days). `setTimeout` fires a
 * longer one after about 1 ms instead, so a timeout option above it would end things at once.
 *
 * @internal
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Throws `LiveConfigError` at `path` unless `value` is a number of milliseconds a timer can hold:
 * above 0 (or 0 itself with `allowZero`) and at most `MAX_TIMER_MS`.
 */
export function checkTimerMs(path: string, value: unknown, allowZero = false): void {
  if (typeof value === 'number' && (allowZero ? value >= 0 : value > 0) && value <= MAX_TIMER_MS) return;
  throw new LiveConfigError(path, `expected a number of milliseconds ${allowZero ? '≥' : '>'} 0 and ≤ ${MAX_TIMER_MS} (the longest a timer can hold)`);
}
