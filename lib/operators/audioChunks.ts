import { mergeMap, type OperatorFunction } from 'rxjs';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { audioChunksOf, type AudioChunk } from './toAudioChunk';
import { serverContents } from './ofKind';

/**
 * Decoded audio, one `AudioChunk` per `inlineData` part of the model's turn whose mime type is
 * `audio/pcm`. The rate comes from `audio/pcm;rate=N`; plain `audio/pcm` (Vertex) means 24000. Other
 * media and empty parts are skipped; data that is not base64 errors the stream with a `TypeError`.
 * For barge-in-aware playback use `playbackQueue()` instead. The chunks carry no turn boundaries: a
 * player fed from here flushes on `interruptions()` and on `abandonedTurns()` (a session with
 * `reconnect` replaced its connection mid-answer, and the answer starts again).
 *
 * @example
 * ```ts
 * import { audioChunks, liveSession } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: 'auth_tokens/…' });
 * session.pipe(audioChunks()).subscribe(({ samples, sampleRate }) => console.log(samples.length / sampleRate, 's'));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function audioChunks(): OperatorFunction<LiveServerMessage, AudioChunk> {
  return (source) =>
    source.pipe(
      serverContents(),
      mergeMap((content) => audioChunksOf(content)),
    );
}
