import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import { isConnectionReplaced, type LiveConnectionReplaced, type LiveServerMessage } from '../protocol/serverMessages';
import { modelParts } from './toAudioChunk';

/**
 * Whether the model is in the middle of a turn after `message`, given whether it was before: a
 * frame with model parts or output transcript text opens a turn; `turnComplete`, `interrupted` (the
 * barge-in already discarded the rest) and the connection-replaced marker close it.
 */
export function answeringAfter(answering: boolean, message: LiveServerMessage): boolean {
  if (isConnectionReplaced(message)) return false;
  const content = message.serverContent;
  if (content === undefined) return answering;
  if (content.turnComplete === true || content.interrupted === true) return false;
  return answering || modelParts(content).length > 0 || (content.outputTranscription?.text ?? '') !== '';
}

/**
 * The connection-replaced markers that cut the model off mid-turn: one `{ reason }` each time a
 * session with `reconnect` replaced its connection while the model was answering (model parts or
 * output transcript text had arrived since the last `turnComplete` or `interrupted`). What was shown
 * or queued of that turn is stale: the resumed conversation answers again from the start, or not at
 * all. A marker between turns abandons nothing and gives nothing.
 *
 * Use it to reset your own consumers: clear a streaming caption built from `textDeltas()`, or, with
 * `interruptions()`, flush a player fed by `audioChunks()` (`playbackQueue()` already does both
 * flushes).
 *
 * @example
 * ```ts
 * import { abandonedTurns, liveSession, textDeltas } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…', reconnect: true });
 * let caption = '';
 * session.pipe(textDeltas()).subscribe((text) => (caption += text));
 * session.pipe(abandonedTurns()).subscribe(({ reason }) => {
 *   caption = '';
 *   console.log(`connection replaced (${reason}); the answer starts again`);
 * });
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function abandonedTurns(): OperatorFunction<LiveServerMessage, LiveConnectionReplaced> {
  return (source) =>
    defer(() => {
      let answering = false;
      return source.pipe(
        mergeMap((message) => {
          const wasAnswering = answering;
          answering = answeringAfter(answering, message);
          return isConnectionReplaced(message) && wasAnswering ? [message.connectionReplaced] : [];
        }),
      );
    });
}
