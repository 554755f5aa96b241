import type { LiveError } from '../errors';

/**
 * Where a session's connection is.
 * - `idle`: nobody has subscribed yet.
 * - `connecting`: the socket is opening or `setup` awaits `setupComplete`.
 * - `open`: `setupComplete` arrived; sink values go straight to the wire.
 * - `reconnecting`: a resumable session is opening its next connection (see the `reconnect` option).
 * - `closing`: we asked the socket to close.
 * - `closed`: no connection; `error` says why when it ended badly.
 *
 * @since 0.1.0
 */
export type LiveSessionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed';

/**
 * A snapshot of the session's connection, as emitted by `state$`. Secrets never appear here.
 *
 * @since 0.1.0
 */
export interface LiveSessionState {
  readonly status: LiveSessionStatus;
  /** Set on `closed` when the connection ended with an error. */
  readonly error?: LiveError;
  /** The WebSocket close code, when the server closed the connection. */
  readonly closeCode?: number;
  /**
   * On `reconnecting` after a failure: which retry in a row this is (1 for the first). Absent for a
   * planned rotation (`goAway`, a silent connection replaced at once).
   *
   * @since 0.2.0
   */
  readonly attempt?: number;
  /**
   * On `reconnecting` and the `open` that follows: the next connection starts a new conversation,
   * because none of the old one could be resumed (no handle yet; `reconnect.allowFreshSession`).
   *
   * @since 0.2.0
   */
  readonly fresh?: boolean;
}
