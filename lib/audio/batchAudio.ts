/**
 * Fixed-duration audio frames. Capture APIs hand out whatever block size they like (Web Audio's 128
 * samples, a `MediaRecorder` slice, a file read), while the Live API works best with steady 20–100 ms
 * messages: tiny blocks flood the socket, large ones add latency.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { LiveConfigError } from '../errors';

/**
 * @category audio
 * @since 0.2.0
 */
export interface BatchAudioOptions {
  /** Frame duration in milliseconds, e.g. 40. */
  readonly ms: number;
  /** Sample rate of the stream in Hz (mono), e.g. 16000. */
  readonly sampleRate: number;
}

/**
 * Re-cuts PCM16 mono chunks of any size into frames of exactly `round(ms * sampleRate / 1000)`
 * samples, each a fresh array. A shorter remainder is emitted on complete, never on error or
 * unsubscribe (a half frame of a stream that failed is not worth sending). Throws `LiveConfigError`
 * at call time for options that give no whole sample per frame.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { batchAudio } from 'rx-gemini-live/audio';
 *
 * // 1000 samples at 16 kHz in blocks of 128 → frames of 640 (40 ms), then the remaining 360.
 * of(...Array.from({ length: 8 }, () => new Int16Array(125)))
 *   .pipe(batchAudio({ ms: 40, sampleRate: 16000 }))
 *   .subscribe((frame) => console.log(frame.length));
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function batchAudio(options: BatchAudioOptions): OperatorFunction<Int16Array, Int16Array> {
  const frameSize = frameSamples(options);
  return (source) =>
    new Observable<Int16Array>((subscriber) => {
      let frame = new Int16Array(frameSize);
      let filled = 0;
      return source.subscribe({
        next: (chunk) => {
          let read = 0;
          while (read < chunk.length) {
            const count = Math.min(frameSize - filled, chunk.length - read);
            frame.set(chunk.subarray(read, read + count), filled);
            filled += count;
            read += count;
            if (filled === frameSize) {
              // A new array per frame: subscribers may keep or transfer the one they got.
              const full = frame;
              frame = new Int16Array(frameSize);
              filled = 0;
              subscriber.next(full);
            }
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (filled > 0) subscriber.next(frame.slice(0, filled));
          subscriber.complete();
        },
      });
    });
}

function frameSamples({ ms, sampleRate }: BatchAudioOptions): number {
  if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0) {
    throw new LiveConfigError('batchAudio.sampleRate', `expected a sample rate in Hz (a positive integer), got ${String(sampleRate)}`);
  }
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new LiveConfigError('batchAudio.ms', `expected a positive frame duration in milliseconds, got ${String(ms)}`);
  }
  const size = Math.round((ms * sampleRate) / 1000);
  if (size < 1) {
    throw new LiveConfigError('batchAudio.ms', `${ms} ms at ${sampleRate} Hz is less than one sample per frame`);
  }
  return size;
}
