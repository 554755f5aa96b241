import { LiveConfigError } from '../errors';
import { checkTimerMs } from '../util/timerLimit';

/**
 * How a session with `reconnect` survives the end of a connection (docs/resilience.md).
 *
 * Planned rotations (`goAway`) happen without delay. Unplanned ends with a retryable
 * error (`error.retryable`: 1006, 1011 except a used-up token, setup timeouts, refused upgrades with
 * 408/429/5xx, a silent server) are retried after an exponential backoff with jitter:
 * `min(maxDelayMs, initialDelayMs × multiplier^(n−1))`, of which a random fraction up to `jitter` is
 * taken off. Non-retryable errors (1007, 1008, auth failures) are never retried.
 *
 * @example
 * ```ts
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({
 *   model: 'gemini-live-2.5-flash-preview',
 *   apiKey: process.env.GEMINI_API_KEY,
 *   reconnect: { maxAttempts: 8, initialDelayMs: 250, allowFreshSession: true },
 * });
 * session.state$.subscribe((state) => console.log(state.status, state.attempt ?? ''));
 * ```
 *
 * @category session
 * @since 0.2.0
 */
export interface ReconnectOptions {
  /** Consecutive failed attempts before the session gives up with the last error. Default 5. */
  readonly maxAttempts?: number;
  /** Delay before the first retry, in ms. Default 500. */
  readonly initialDelayMs?: number;
  /** Longest delay between attempts, in ms. Default 15 000. */
  readonly maxDelayMs?: number;
  /** Growth of the delay per failed attempt. Default 2. */
  readonly multiplier?: number;
  /** Fraction (0–1) of each delay that is randomised away, so clients do not retry in step. Default 0.5. */
  readonly jitter?: number;
  /**
   * Forget earlier failures on progress (like `retry`'s `resetOnSuccess`): the model finishing a turn
   * or calling a tool after `setupComplete`, or a connection open for 10 s with no answer overdue.
   * `setupComplete` or a handle alone is not progress. Default true.
   */
  readonly resetOnSuccess?: boolean;
  /**
   * When the conversation has no resumption handle yet, start a new one rather than fail: the
   * server forgets what it had, and `state$` says `fresh: true`. Default false.
   */
  readonly allowFreshSession?: boolean;
  /**
   * How long before a `goAway`'s `timeLeft` runs out the session rotates at the latest, if the model
   * is still busy (it rotates at once when it is idle). A `timeLeft` shorter than this rotates at
   * once, mid-reply. Default 2 000.
   */
  readonly goAwayMarginMs?: number;
  /**
   * While an answer is due (after a clientContent with `turnComplete: true` or a toolResponse, until
   * the model's `turnComplete` or a tool call), this long without any server message counts as a
   * dead connection (a silent death, not a close): it is replaced, or the session ends with
   * `LiveResponseTimeoutError` when there is nothing to resume. Default 30 000.
   */
  readonly responseTimeoutMs?: number;
  /** The source of jitter, a number in [0, 1). Default `Math.random` (tests pass a constant). */
  readonly random?: () => number;
}

/** `ReconnectOptions` with every default filled in and checked. */
export type ReconnectPolicy = Required<ReconnectOptions>;

/**
 * The defaults of `ReconnectOptions`.
 *
 * @example
 * ```ts
 * import { DEFAULT_RECONNECT } from 'rx-gemini-live';
 *
 * DEFAULT_RECONNECT.maxAttempts; // 5
 * const patient = { ...DEFAULT_RECONNECT, maxAttempts: 20 };
 * ```
 *
 * @category session
 * @since 0.2.0
 */
export const DEFAULT_RECONNECT: Omit<Required<ReconnectOptions>, 'random'> = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  multiplier: 2,
  jitter: 0.5,
  resetOnSuccess: true,
  allowFreshSession: false,
  goAwayMarginMs: 2_000,
  responseTimeoutMs: 30_000,
};

/** Reads the `reconnect` option; `undefined` or `false` means no reconnection. */
export function reconnectPolicy(option: boolean | ReconnectOptions | undefined): ReconnectPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (typeof option !== 'object' || option === null)) {
    throw new LiveConfigError('reconnect', 'expected true, false or a ReconnectOptions object');
  }
  const policy: ReconnectPolicy = { ...DEFAULT_RECONNECT, random: Math.random, ...(option === true ? {} : option) };
  const positive = (name: keyof ReconnectPolicy, allowZero: boolean): void => {
    const value = policy[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      throw new LiveConfigError(`reconnect.${name}`, allowZero ? 'expected a number ≥ 0' : 'expected a number > 0');
    }
  };
  positive('maxAttempts', true);
  positive('initialDelayMs', true);
  positive('maxDelayMs', true);
  positive('goAwayMarginMs', true);
  positive('responseTimeoutMs', false);
  // A timer cannot hold more: a longer delay would fire at once.
  for (const name of ['initialDelayMs', 'maxDelayMs', 'goAwayMarginMs', 'responseTimeoutMs'] as const) checkTimerMs(`reconnect.${name}`, policy[name], true);
  if (!(policy.multiplier >= 1)) throw new LiveConfigError('reconnect.multiplier', 'expected a number ≥ 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new LiveConfigError('reconnect.jitter', 'expected a number from 0 to 1');
  if (typeof policy.random !== 'function') throw new LiveConfigError('reconnect.random', 'expected a function');
  return policy;
}

/** The delay before retry number `attempt` (1 for the first retry), jitter applied. */
export function backoffDelay(policy: ReconnectPolicy, attempt: number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1));
  const random = Math.min(1, Math.max(0, policy.random()));
  return Math.round(base * (1 - policy.jitter * random));
}
