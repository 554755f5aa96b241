/**
 * Builders of `LiveSessionState` values and close errors, for scripting a fake session's `state$`
 * and for the values of `expectObservable(fake.state$)`.
 *
 * @since 0.2.0
 */
import { closeOutcome } from '../session/closeCodes';
import { LiveCloseError, type LiveError } from '../errors';
import type { LiveSessionState } from '../session/liveSessionState';

/**
 * The typed error a session reports when the server closes with `code` (1011 gives a
 * `LiveServerError`, 1007 a `LiveInvalidArgumentError`, …), for the `#` of a server marble. 1006
 * counts as unclean, every other code as clean, as the server sends them. Code 1000 is a normal end,
 * not an error, so it throws a `RangeError`: end the marble with `|` instead.
 *
 * @example
 * ```ts
 * // cold('-a-#', values, closeError(1011, 'Internal error encountered.'))
 * closeError(1011).retryable; // true
 * ```
 *
 * @category testing
 * @since 0.2.0
 */
export function closeError(code: number, reason = ''): LiveCloseError {
  const error = closeOutcome(code, reason, code !== 1006);
  if (error === undefined) throw new RangeError('closeError(1000): a 1000 close is a normal end; complete the marble with | instead');
  return error;
}

/**
 * Session states by name. `closed()` without a code is the client's own close (unsubscribed);
 * `closed(1000)` a normal close by the server; any other code carries the same typed error as
 * `closeError(code, reason)`, which is what a real session's `state$` reports.
 *
 * @example
 * ```ts
 * import { sessionStates as s } from 'rx-gemini-live/testing';
 *
 * const values = { o: s.open(), r: s.reconnecting(), c: s.closed(1011, 'Internal error encountered.') };
 * // fakeLiveSession(server$, { state: cold('o--r--o--c', values) })
 * ```
 *
 * @category testing
 * @since 0.2.0
 */
export const sessionStates = {
  /**
   * Nobody has subscribed yet.
   *
   * @example
   * ```ts
   * sessionStates.idle(); // {status: 'idle'}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  idle(): LiveSessionState {
    return { status: 'idle' };
  },

  /**
   * The socket is opening or `setup` awaits `setupComplete`.
   *
   * @example
   * ```ts
   * sessionStates.connecting(); // {status: 'connecting'}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  connecting(): LiveSessionState {
    return { status: 'connecting' };
  },

  /**
   * `setupComplete` arrived; input goes straight to the wire.
   *
   * @example
   * ```ts
   * sessionStates.open(); // {status: 'open'}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  open(): LiveSessionState {
    return { status: 'open' };
  },

  /**
   * A resumable session is opening its next connection.
   *
   * @example
   * ```ts
   * sessionStates.reconnecting(); // {status: 'reconnecting'}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  reconnecting(): LiveSessionState {
    return { status: 'reconnecting' };
  },

  /**
   * The client asked the socket to close.
   *
   * @example
   * ```ts
   * sessionStates.closing(); // {status: 'closing'}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  closing(): LiveSessionState {
    return { status: 'closing' };
  },

  /**
   * No connection: closed by the client (no code), by the server normally (1000), or with an error
   * for any other code.
   *
   * @example
   * ```ts
   * sessionStates.closed();       // {status: 'closed'}
   * sessionStates.closed(1000);   // {status: 'closed', closeCode: 1000}
   * sessionStates.closed(1011);   // {status: 'closed', closeCode: 1011, error: LiveServerError}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  closed(code?: number, reason = ''): LiveSessionState {
    if (code === undefined) return { status: 'closed' };
    if (code === 1000) return { status: 'closed', closeCode: 1000 };
    return { status: 'closed', closeCode: code, error: closeError(code, reason) };
  },

  /**
   * Ended by an error that is not a close code (`LiveSetupTimeoutError`, `LiveProtocolError`, …); a
   * `LiveCloseError` also sets `closeCode`.
   *
   * @example
   * ```ts
   * sessionStates.failed(new LiveSetupTimeoutError(30_000)); // {status: 'closed', error: …}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  failed(error: LiveError): LiveSessionState {
    return error instanceof LiveCloseError ? { status: 'closed', error, closeCode: error.closeCode } : { status: 'closed', error };
  },
} as const;
