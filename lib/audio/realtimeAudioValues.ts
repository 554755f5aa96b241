/**
 * The `session.realtimeInput` values the audio helpers produce and read, as plain TypeScript types.
 * They are written out here rather than taken from the io-ts codecs, so a program that imports only
 * `rx-gemini-live/audio` never loads io-ts's declarations. Each fits the session's
 * `LiveRealtimeInput`, so the helpers' output goes straight into `session.realtimeInput`.
 */

/**
 * One chunk of audio for `session.realtimeInput`: base64 PCM16 samples (little-endian) with a MIME
 * type that names the rate, for example `audio/pcm;rate=16000`.
 *
 * @category audio
 * @since 0.2.0
 */
export interface RealtimeAudioInput {
  readonly audio: {
    readonly data: string;
    readonly mimeType: string;
  };
  /** Never set here; declared so that `value.audioStreamEnd` reads on a mix of both values. */
  readonly audioStreamEnd?: never;
}

/**
 * Tells the server that the microphone paused, so the audio it cached while waiting for more is
 * processed now (automatic voice activity detection only). Sending audio again reopens the stream.
 *
 * @category audio
 * @since 0.2.0
 */
export interface RealtimeAudioStreamEnd {
  readonly audioStreamEnd: true;
  /** Never set here; declared so that `value.audio` reads on a mix of both values. */
  readonly audio?: never;
}

/**
 * What `audioStreamEndOnPause` reads of a realtime value: whether it carries audio, or ends the
 * stream itself. Every `LiveRealtimeInput` has this shape, and so have the values above.
 *
 * @category audio
 * @since 0.2.0
 */
export interface RealtimeInputLike {
  readonly audio?: unknown;
  readonly audioStreamEnd?: unknown;
}
