import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import { isConnectionReplaced, type LiveServerMessage } from '../protocol/serverMessages';
import { answeringAfter } from './abandonedTurns';
import { audioChunksOf, type AudioChunk } from './toAudioChunk';

/**
 * What a player does next: queue a chunk behind what it is playing, or stop at once and forget
 * everything queued.
 *
 * @category operators
 * @since 0.2.0
 */
export type PlaybackCommand = { readonly kind: 'play'; readonly chunk: AudioChunk } | { readonly kind: 'flush' };

/**
 * @category operators
 * @since 0.2.0
 */
export interface PlaybackQueueOptions {
  /** Called for each chunk of an interrupted generation that is not played. */
  readonly onStale?: (chunk: AudioChunk) => void;
}

/**
 * The session's messages as playback commands: `play` for each audio chunk of the model's turn, in
 * order, and `flush` the moment an `interrupted` arrives, so speech stops on barge-in instead of running
 * on for the seconds a player has queued.
 *
 * After an `interrupted`, audio is stale until the turn is over: the chunks in the interrupted frame and
 * any that still arrive before the `turnComplete` that closes it (the barge-in sequence is
 * `interrupted`, then `turnComplete`) are dropped and passed to `onStale`. The next
 * turn plays normally. This is deliberately stricter than `modelTurns()`, which reports parts after an
 * `interrupted` as a new turn: a stale sentence played after a barge-in is worse than a lost fragment.
 *
 * The connection-replaced marker of a session with `reconnect` flushes too when it cuts the model off
 * mid-turn (exactly when `abandonedTurns()` emits): the resumed conversation answers again from the
 * start, so the queued half answer must not play before it. Audio after the marker is the new
 * connection's and plays, even if the cut turn had been interrupted. A marker between turns (a
 * `goAway` rotation while the model is quiet) flushes nothing, so the end of the last answer still
 * plays.
 *
 * A player appends `play` chunks to its queue (a Web Audio schedule, a speaker stream) and on `flush`
 * stops the current sound and clears the queue.
 *
 * @example
 * ```ts
 * import { liveSession, playbackQueue } from 'rx-gemini-live';
 *
 * declare const player: { enqueue(samples: Int16Array, sampleRate: number): void; stopAndClear(): void };
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: 'auth_tokens/…' });
 * session.pipe(playbackQueue()).subscribe((command) => {
 *   if (command.kind === 'flush') player.stopAndClear();
 *   else player.enqueue(command.chunk.samples, command.chunk.sampleRate);
 * });
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function playbackQueue(options: PlaybackQueueOptions = {}): OperatorFunction<LiveServerMessage, PlaybackCommand> {
  return (source) =>
    defer(() => {
      let stale = false;
      let answering = false;
      return source.pipe(
        mergeMap((message): PlaybackCommand[] => {
          const wasAnswering = answering;
          answering = answeringAfter(answering, message);
          if (isConnectionReplaced(message)) {
            stale = false;
            return wasAnswering ? [{ kind: 'flush' }] : [];
          }
          const content = message.serverContent;
          if (content === undefined) return [];
          const commands: PlaybackCommand[] = [];
          if (content.interrupted === true) {
            stale = true;
            commands.push({ kind: 'flush' });
          }
          for (const chunk of audioChunksOf(content)) {
            if (stale) options.onStale?.(chunk);
            else commands.push({ kind: 'play', chunk });
          }
          if (content.turnComplete === true) stale = false;
          return commands;
        }),
      );
    });
}
