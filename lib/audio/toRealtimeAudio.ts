/**
 * The last step of a microphone pipeline: PCM16 frames → `session.realtimeInput` values.
 */
import { map, type OperatorFunction } from 'rxjs';
import { LiveConfigError } from '../errors';
import { encodeBase64 } from './base64';
import { pcm16ToBytes } from './pcm16';
import type { RealtimeAudioInput } from './realtimeAudioValues';

/**
 * @category audio
 * @since 0.2.0
 */
export interface ToRealtimeAudioOptions {
  /** Sample rate of the frames in Hz, declared in the MIME type (16000 is the Live API's native rate). */
  readonly sampleRate: number;
}

/**
 * Maps each PCM16 mono frame to `{ audio: { data, mimeType: 'audio/pcm;rate=N' } }`, the value
 * `session.realtimeInput` takes, with the samples as little-endian base64. Throws `LiveConfigError`
 * at call time for a rate that is not a positive integer.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { toRealtimeAudio } from 'rx-gemini-live/audio';
 *
 * of(new Int16Array([1, -2])).pipe(toRealtimeAudio({ sampleRate: 16000 })).subscribe((value) => console.log(value));
 * // { audio: { data: 'AQD+/w==', mimeType: 'audio/pcm;rate=16000' } }
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function toRealtimeAudio(options: ToRealtimeAudioOptions): OperatorFunction<Int16Array, RealtimeAudioInput> {
  const { sampleRate } = options;
  if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0) {
    throw new LiveConfigError('toRealtimeAudio.sampleRate', `expected a sample rate in Hz (a positive integer), got ${String(sampleRate)}`);
  }
  const mimeType = `audio/pcm;rate=${sampleRate}`;
  return map((frame) => ({ audio: { data: encodeBase64(pcm16ToBytes(frame)), mimeType } }));
}
