import { filter, type OperatorFunction } from 'rxjs';
import type { LiveServerMessage, ServerContent } from '../protocol/serverMessages';
import { serverContents } from './ofKind';

/**
 * The `serverContent` of every barge-in: the user spoke over the model, which discarded the rest of
 * its generation. Stop and flush playback at once; `playbackQueue()` does that.
 * A `turnComplete` normally follows. A session with `reconnect` can also cut a turn off by replacing
 * its connection; that is not an interruption: merge in `abandonedTurns()` to flush on both.
 *
 * @example
 * ```ts
 * import { interruptions, liveSession } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: 'auth_tokens/…' });
 * session.pipe(interruptions()).subscribe(() => console.log('[interrupted]'));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function interruptions(): OperatorFunction<LiveServerMessage, ServerContent & { readonly interrupted: true }> {
  return (source) =>
    source.pipe(
      serverContents(),
      filter((content): content is ServerContent & { readonly interrupted: true } => content.interrupted === true),
    );
}
