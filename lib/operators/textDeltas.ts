import { mergeMap, type OperatorFunction } from 'rxjs';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { modelParts, visibleText } from './toAudioChunk';
import { serverContents } from './ofKind';

/**
 * The model's text as it streams: one string per `text` part of the model's turn, in order. Thoughts
 * (`thought: true`) and empty parts give nothing. Output transcripts of spoken answers are not text
 * parts: see `transcripts()`.
 *
 * @example
 * ```ts
 * import { liveSession, textDeltas } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(textDeltas()).subscribe((text) => console.log(text));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function textDeltas(): OperatorFunction<LiveServerMessage, string> {
  return (source) =>
    source.pipe(
      serverContents(),
      mergeMap((content) => modelParts(content).map(visibleText).filter((text) => text !== '')),
    );
}
