/**
 * With automatic voice activity detection the server caches audio while it waits for more; when the
 * microphone goes quiet for longer than about a second (muted, push-to-talk released, capture
 * stopped) the client should say so with `audioStreamEnd`, so the cached audio is processed now.
 * Sending `audio` again reopens the stream.
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { LiveConfigError } from '../errors';
import type { RealtimeAudioStreamEnd, RealtimeInputLike } from './realtimeAudioValues';

/**
 * @category audio
 * @since 0.2.0
 */
export interface AudioStreamEndOnPauseOptions {
  /** How long without `audio` counts as a pause, in milliseconds. Default 1000. */
  readonly pauseMs?: number;
  /** Where the pause timer runs; `asyncScheduler` unless given (tests pass a virtual one). */
  readonly scheduler?: SchedulerLike;
}

const END: RealtimeAudioStreamEnd = { audioStreamEnd: true };

/**
 * Passes every realtime value through and adds one `{ audioStreamEnd: true }` when no `audio` value
 * has passed for `pauseMs` since the last one. At most one per pause: the next `audio` value starts a
 * new stream. If the source completes while audio is flowing, the end is sent before completing; on
 * error or unsubscribe nothing is added. An `audioStreamEnd` from the source itself also ends the
 * stream, so no second one follows. Throws `LiveConfigError` at call time for a negative or
 * non-finite `pauseMs`.
 *
 * @typeParam T - The source's values: `toRealtimeAudio`'s `RealtimeAudioInput`, or any
 * `LiveRealtimeInput` when audio is mixed with text or video. The output adds `RealtimeAudioStreamEnd`.
 *
 * @example
 * ```ts
 * import { interval, map, take } from 'rxjs';
 * import { liveSession } from 'rx-gemini-live/node';
 * import { audioStreamEndOnPause, toRealtimeAudio } from 'rx-gemini-live/audio';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: process.env.GEMINI_API_KEY });
 * session.subscribe();
 * // 2 s of silence in 40 ms frames, then nothing: audioStreamEnd follows one second later.
 * interval(40)
 *   .pipe(take(50), map(() => new Int16Array(640)), toRealtimeAudio({ sampleRate: 16000 }), audioStreamEndOnPause())
 *   .subscribe(session.realtimeInput);
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function audioStreamEndOnPause<T extends RealtimeInputLike>(
  options: AudioStreamEndOnPauseOptions = {},
): OperatorFunction<T, T | RealtimeAudioStreamEnd> {
  const pauseMs = options.pauseMs ?? 1000;
  if (typeof pauseMs !== 'number' || !Number.isFinite(pauseMs) || pauseMs < 0) {
    throw new LiveConfigError('audioStreamEndOnPause.pauseMs', `expected a duration in milliseconds (finite, not negative), got ${String(pauseMs)}`);
  }
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<T | RealtimeAudioStreamEnd>((subscriber) => {
      let pause: Subscription | undefined;
      const stopTimer = (): void => {
        pause?.unsubscribe();
        pause = undefined;
      };
      const endStream = (): void => {
        pause = undefined;
        subscriber.next(END);
      };
      const upstream = source.subscribe({
        next: (value) => {
          if (value.audio !== undefined && value.audio !== null) {
            stopTimer();
            subscriber.next(value);
            // Armed after forwarding, so a synchronous downstream reaction cannot be overtaken.
            if (!subscriber.closed) pause = scheduler.schedule(endStream, pauseMs);
            return;
          }
          if (value.audioStreamEnd === true) stopTimer();
          subscriber.next(value);
        },
        error: (error: unknown) => {
          stopTimer();
          subscriber.error(error);
        },
        complete: () => {
          if (pause !== undefined) {
            stopTimer();
            subscriber.next(END);
          }
          subscriber.complete();
        },
      });
      return () => {
        stopTimer();
        upstream.unsubscribe();
      };
    });
}
