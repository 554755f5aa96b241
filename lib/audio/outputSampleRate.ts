/**
 * The Live API's output audio rate: the model speaks 16-bit mono PCM at 24 kHz. It is
 * also the rate meant by a plain `audio/pcm` mime type without `rate=`, which Vertex writes.
 *
 * @category constants
 * @since 0.2.0
 */
export const DEFAULT_OUTPUT_SAMPLE_RATE = 24_000;
