import type { LiveError } from './errors';

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
}
