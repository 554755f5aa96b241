import { filter, map, type OperatorFunction } from 'rxjs';
import type { LiveServerMessage, ServerContent } from '../protocol/serverMessages';

/**
 * The message kinds `ofKind` selects: the fields of the server envelope's `oneof`, plus `usageMetadata`,
 * which may ride along with any of them.
 *
 * @category operators
 * @since 0.2.0
 */
export type LiveMessageKind =
  | 'setupComplete'
  | 'serverContent'
  | 'toolCall'
  | 'toolCallCancellation'
  | 'goAway'
  | 'sessionResumptionUpdate'
  | 'usageMetadata';

/**
 * A server message in which field `K` is known to be present.
 *
 * @category operators
 * @since 0.2.0
 */
export type LiveMessageOf<K extends LiveMessageKind> = LiveServerMessage & { readonly [P in K]-?: NonNullable<LiveServerMessage[P]> };

/**
 * Keeps the messages that carry `kind`, typed so that field is defined. A frame may carry more than
 * one kind (`serverContent` with `usageMetadata`), so it passes every `ofKind` it matches.
 *
 * @example
 * ```ts
 * import { liveSession, ofKind } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(ofKind('sessionResumptionUpdate')).subscribe((message) => console.log(message.sessionResumptionUpdate.newHandle));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function ofKind<K extends LiveMessageKind>(kind: K): OperatorFunction<LiveServerMessage, LiveMessageOf<K>> {
  return filter((message): message is LiveMessageOf<K> => message[kind] !== undefined);
}

/**
 * The `serverContent` of each message that has one (shorthand for `ofKind('serverContent')` plus a
 * `map`). Bare `{serverContent: {}}` frames are passed on as `{}`.
 *
 * @example
 * ```ts
 * import { liveSession, serverContents } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(serverContents()).subscribe((content) => content.turnComplete && console.log('turn over'));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function serverContents(): OperatorFunction<LiveServerMessage, ServerContent> {
  return (source) =>
    source.pipe(
      ofKind('serverContent'),
      map((message) => message.serverContent),
    );
}
