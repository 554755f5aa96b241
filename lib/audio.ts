/**
 * `rx-gemini-live/audio`: isomorphic PCM16 helpers for the Live API's audio (16 kHz mono in, 24 kHz
 * mono out): resampling, fixed-duration framing, WAV files, base64 and the operators that turn a
 * microphone or a file into `session.realtimeInput` values. Nothing here imports a Node built-in, so
 * it runs in browsers, workers and Node alike. Capture and playback in browsers (`microphone$`,
 * `speaker`, `cameraFrames$`) are in `rx-gemini-live/browser`.
 *
 * @packageDocumentation
 */
export { decodeBase64, encodeBase64 } from './audio/base64';
export { bytesToPcm16, concatPcm16, float32ToPcm16, pcm16ToBytes, pcm16ToFloat32 } from './audio/pcm16';
export { createResampler, resamplePcm, type Resampler, type ResamplerOptions, type ResamplerQuality } from './audio/resample';
export { batchAudio, type BatchAudioOptions } from './audio/batchAudio';
export { downmixToMono, readWav, writeWav, type WavAudio } from './audio/wav';
export { toRealtimeAudio, type ToRealtimeAudioOptions } from './audio/toRealtimeAudio';
export { audioStreamEndOnPause, type AudioStreamEndOnPauseOptions } from './audio/audioStreamEndOnPause';
export type { RealtimeAudioInput, RealtimeAudioStreamEnd, RealtimeInputLike } from './audio/realtimeAudioValues';
