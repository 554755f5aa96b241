/**
 * `rx-gemini-live/browser`: capture and playback in browsers, with Web Audio and media devices:
 * `microphone$` (16 kHz PCM frames for `session.realtimeInput`), `speaker` (gapless playback, flushed
 * on barge-in and when a reconnect cuts an answer off) and `cameraFrames$` (JPEG stills). The types
 * are structural, so no DOM lib is needed to compile against them.
 *
 * @packageDocumentation
 */
export { microphone$, type MicrophoneOptions } from './browser/microphone';
export { speaker, type SpeakerOptions, type SpeakerState } from './browser/speaker';
export { cameraFrames$, type CameraFrame, type CameraFramesOptions } from './browser/cameraFrames';
export type {
  AudioBufferLike,
  AudioBufferSourceNodeLike,
  AudioContextLike,
  AudioNodeLike,
  AudioWorkletNodeLike,
  MediaDevicesLike,
  MediaStreamLike,
  MediaStreamTrackLike,
  MessagePortLike,
} from './browser/webAudioLike';
