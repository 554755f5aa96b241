/**
 * PCM16 sample conversions. The Live API speaks raw 16-bit signed little-endian mono PCM: 16 kHz in,
 * 24 kHz out. Each function allocates its output and nothing per sample.
 */

/**
 * Float samples in [-1, 1] (Web Audio's format) → PCM16. Values outside the range are clamped, so a
 * hot microphone saturates instead of wrapping around (a bug of several peers).
 *
 * @example
 * ```ts
 * float32ToPcm16(new Float32Array([0, 0.5, -1, 2])); // Int16Array [0, 16384, -32768, 32767]
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function float32ToPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let index = 0; index < samples.length; index += 1) {
    const value = samples[index] as number;
    // NaN compares false both ways and lands on 0.
    const clamped = value > 1 ? 1 : value < -1 ? -1 : value === value ? value : 0;
    out[index] = clamped < 0 ? Math.round(clamped * 0x8000) : Math.round(clamped * 0x7fff);
  }
  return out;
}

/**
 * PCM16 → float samples in [-1, 1) (for Web Audio playback).
 *
 * @category audio
 * @since 0.2.0
 */
export function pcm16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let index = 0; index < samples.length; index += 1) {
    const value = samples[index] as number;
    out[index] = value < 0 ? value / 0x8000 : value / 0x7fff;
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * PCM16 samples → little-endian bytes, the wire's layout. Shares the samples' memory on
 * little-endian hosts (all common ones); copies and swaps elsewhere.
 *
 * @category audio
 * @since 0.2.0
 */
export function pcm16ToBytes(samples: Int16Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let index = 0; index < samples.length; index += 1) view.setInt16(index * 2, samples[index] as number, true);
  return out;
}

/**
 * Little-endian bytes → PCM16 samples. A trailing odd byte (half a sample) is ignored. Shares the
 * bytes' memory when it is aligned on a little-endian host, copies otherwise.
 *
 * @category audio
 * @since 0.2.0
 */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  const count = bytes.byteLength >> 1;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = 0; index < count; index += 1) out[index] = view.getInt16(index * 2, true);
  return out;
}

/**
 * Joins chunks of samples into one new array, e.g. a turn's `audioChunks` before `writeWav`.
 *
 * @example
 * ```ts
 * concatPcm16([Int16Array.of(1, 2), Int16Array.of(3)]); // Int16Array [1, 2, 3]
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function concatPcm16(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
