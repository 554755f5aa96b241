import { map, type OperatorFunction } from 'rxjs';
import { goAwayTimeLeftMs } from '../protocol/duration';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { ofKind } from './ofKind';

/**
 * A `goAway` read: the server will drop the connection after `timeLeftMs` milliseconds.
 *
 * @category operators
 * @since 0.2.0
 */
export interface GoAwayNotice {
  readonly timeLeftMs: number;
}

/**
 * One `GoAwayNotice` per `goAway` message: the connection ends as ABORTED after `timeLeft`.
 * A missing or unreadable `timeLeft` gives `0`, i.e. "act now", which is the safe
 * reading of a notice we cannot parse. Feed it to a `timer` rather than checking it on the next message.
 *
 * @example
 * ```ts
 * import { goAwayNotices, liveSession } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(goAwayNotices()).subscribe(({ timeLeftMs }) => console.log(`reconnect within ${timeLeftMs} ms`));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function goAwayNotices(): OperatorFunction<LiveServerMessage, GoAwayNotice> {
  return (source) =>
    source.pipe(
      ofKind('goAway'),
      map(({ goAway }) => ({ timeLeftMs: goAwayTimeLeftMs(goAway) })),
    );
}
