/** Test signals and measurements shared by the audio specs. */

/** A sine tone as PCM16. */
export function tone(sampleRate: number, frequency: number, count: number, amplitude: number, phase = 0): Int16Array {
  const out = new Int16Array(count);
  for (let index = 0; index < count; index += 1) {
    out[index] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * index) / sampleRate + phase));
  }
  return out;
}

export interface ToneFit {
  /** Amplitude of the best-fitting sine at the given frequency. */
  readonly amplitude: number;
  /** RMS of what the sine does not explain: noise, distortion, aliases, images. */
  readonly residualRms: number;
  readonly rms: number;
}

/**
 * Least-squares fit of `a·sin + b·cos` at `frequency` to `samples[skip, length - skip)`. Edges are
 * skipped because the stream starts and ends after silence, which rings through any band limit.
 */
export function fitTone(samples: Int16Array, sampleRate: number, frequency: number, skip: number): ToneFit {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  let yy = 0;
  const end = samples.length - skip;
  for (let index = skip; index < end; index += 1) {
    const angle = (2 * Math.PI * frequency * index) / sampleRate;
    const s = Math.sin(angle);
    const c = Math.cos(angle);
    const y = samples[index] as number;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y * s;
    yc += y * c;
    yy += y * y;
  }
  const determinant = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / determinant;
  const b = (yc * ss - ys * sc) / determinant;
  const count = end - skip;
  return {
    amplitude: Math.hypot(a, b),
    residualRms: Math.sqrt(Math.max(0, yy - (a * ys + b * yc)) / count),
    rms: Math.sqrt(yy / count),
  };
}

/** Frequency estimated from the rising zero crossings (interpolated between samples). */
export function zeroCrossingFrequency(samples: Int16Array, sampleRate: number, skip: number): number {
  let first = -1;
  let last = -1;
  let crossings = 0;
  for (let index = skip + 1; index < samples.length - skip; index += 1) {
    const before = samples[index - 1] as number;
    const after = samples[index] as number;
    if (before < 0 && after >= 0) {
      const at = index - 1 + before / (before - after);
      if (first < 0) first = at;
      last = at;
      crossings += 1;
    }
  }
  return ((crossings - 1) * sampleRate) / (last - first);
}

export function decibels(ratio: number): number {
  return 20 * Math.log10(ratio);
}

export { concatPcm16 as concat } from '../../lib/audio/pcm16';

/** Cuts `samples` at the given (unsorted, possibly repeated) positions. */
export function cutAt(samples: Int16Array, cuts: readonly number[]): Int16Array[] {
  const points = [...new Set(cuts.map((cut) => Math.min(cut, samples.length)))].sort((a, b) => a - b);
  const pieces: Int16Array[] = [];
  let start = 0;
  for (const point of [...points, samples.length]) {
    pieces.push(samples.subarray(start, point));
    start = point;
  }
  return pieces;
}
