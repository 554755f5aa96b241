/**
 * Sample-rate conversion for mono PCM16, e.g. a 48 kHz microphone to the 16 kHz the Live API takes, or
 * its 24 kHz output to a 48 kHz sound card.
 *
 * Peers decimate by dropping samples or interpolate linearly; both fold everything
 * above the new Nyquist frequency back into the band as audible hiss. This is a band-limited
 * polyphase resampler instead: a Kaiser-windowed sinc low-pass whose stop band starts at the lower of
 * the two Nyquist frequencies, evaluated only at the output instants (no upsample-then-filter work).
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { LiveConfigError } from '../errors';

/**
 * Trade-off between cost and fidelity. `medium` (the default) keeps 88% of the lower Nyquist band
 * flat and attenuates aliases by 80 dB, below PCM16's own noise floor for speech levels.
 *
 * @category audio
 * @since 0.2.0
 */
export type ResamplerQuality = 'low' | 'medium' | 'high';

/**
 * @category audio
 * @since 0.2.0
 */
export interface ResamplerOptions {
  /** Input rate in Hz, a positive integer. */
  readonly from: number;
  /** Output rate in Hz, a positive integer. */
  readonly to: number;
  readonly quality?: ResamplerQuality;
}

/**
 * A stateful converter for one continuous stream. Filter history is carried across chunks, so chunk
 * boundaries add no clicks and the output does not depend on how the input was cut. Output is time
 * aligned with the input (no filter delay): `n` input samples give `ceil(n * to / from)` output
 * samples in total, counting what `flush` returns.
 *
 * @category audio
 * @since 0.2.0
 */
export interface Resampler {
  /**
   * Converts the next chunk. Returns the output samples that are complete so far (possibly none: the
   * filter needs a few input samples ahead of each output sample). When `from === to` the chunk itself
   * is returned.
   */
  process(chunk: Int16Array): Int16Array;
  /** Ends the stream: returns the remaining output and resets the resampler for a new stream. */
  flush(): Int16Array;
}

interface QualityDesign {
  /** Stop-band attenuation. */
  readonly attenuationDb: number;
  /** Where the pass band ends, as a fraction of the lower Nyquist frequency. */
  readonly passband: number;
}

const DESIGNS: Readonly<Record<ResamplerQuality, QualityDesign>> = {
  low: { attenuationDb: 60, passband: 0.8 },
  medium: { attenuationDb: 80, passband: 0.88 },
  high: { attenuationDb: 100, passband: 0.92 },
};

/**
 * Above this many coefficients, a table with one row per output phase costs more memory than it saves
 * time (odd rate pairs such as 44100 → 16001 have thousands of phases); such pairs interpolate between
 * the rows of a fixed table instead.
 */
const MAX_EXACT_COEFFICIENTS = 1 << 17;
const INTERPOLATED_ROWS = 512;

const EMPTY = new Int16Array(0);

/**
 * Recently designed filter banks, so that a resampler per utterance or per subscription does not pay
 * for the design each time. Few rate pairs occur in one app; the bound only guards against odd ones.
 */
const banks = new Map<string, FilterBank>();
const MAX_CACHED_BANKS = 8;

/** An immutable filter bank; resamplers for the same rates and quality share one. */
interface FilterBank {
  /** Output samples per `down` input samples (the rate ratio in lowest terms). */
  readonly up: number;
  readonly down: number;
  /** Input samples on each side of an output instant that the filter reads. */
  readonly halfTaps: number;
  /** One row of `2 * halfTaps` coefficients per phase; the last row is phase 1 when interpolating. */
  readonly coefficients: Float32Array;
  /** Rows the phase range [0, 1) is split into: `up` when exact. */
  readonly rows: number;
  readonly exact: boolean;
  /**
   * For an integer ratio (`up === 1`, e.g. 48 → 16 kHz is 3:1) every output instant falls on an input
   * sample, so one phase serves all and its row is symmetric about that sample: `folded[k]` weighs the
   * two samples `k` away on either side, halving the multiplications. Absent for other ratios.
   */
  readonly folded?: Float32Array;
}

/**
 * Creates a {@link Resampler} for one stream. Throws `LiveConfigError` for a rate that is not a
 * positive integer or an unknown quality.
 *
 * @example
 * ```ts
 * import { createResampler } from 'rx-gemini-live/audio';
 *
 * const resampler = createResampler({ from: 48000, to: 16000 });
 * const first = resampler.process(new Int16Array(480)); // most of 10 ms at 16 kHz
 * const rest = resampler.flush(); // together: exactly 160 samples
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function createResampler(options: ResamplerOptions): Resampler {
  const design = validate(options, 'createResampler');
  if (options.from === options.to) return { process: (chunk) => chunk, flush: () => EMPTY };
  return new PolyphaseResampler(filterBank(options.from, options.to, design));
}

/**
 * Resamples a stream of PCM16 mono chunks, with one {@link Resampler} per subscription. On complete
 * the filter's tail is flushed as a last chunk; on error or unsubscribe it is dropped. Chunks that
 * yield no output yet are not emitted. `from === to` passes the source through untouched. Throws
 * `LiveConfigError` at call time for invalid rates.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { resamplePcm } from 'rx-gemini-live/audio';
 *
 * of(new Int16Array(4800)).pipe(resamplePcm({ from: 48000, to: 16000 })).subscribe((chunk) => console.log(chunk.length));
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function resamplePcm(options: ResamplerOptions): OperatorFunction<Int16Array, Int16Array> {
  const design = validate(options, 'resamplePcm');
  if (options.from === options.to) return (source) => source;
  return (source) =>
    new Observable<Int16Array>((subscriber) => {
      const resampler = new PolyphaseResampler(filterBank(options.from, options.to, design));
      return source.subscribe({
        next: (chunk) => {
          const out = resampler.process(chunk);
          if (out.length > 0) subscriber.next(out);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          const tail = resampler.flush();
          if (tail.length > 0) subscriber.next(tail);
          subscriber.complete();
        },
      });
    });
}

function validate(options: ResamplerOptions, caller: string): QualityDesign {
  for (const key of ['from', 'to'] as const) {
    const rate = options[key];
    if (!Number.isSafeInteger(rate) || rate <= 0) {
      throw new LiveConfigError(`${caller}.${key}`, `expected a sample rate in Hz (a positive integer), got ${String(rate)}`);
    }
  }
  const quality = options.quality ?? 'medium';
  if (!Object.hasOwn(DESIGNS, quality)) {
    throw new LiveConfigError(`${caller}.quality`, `expected 'low', 'medium' or 'high', got ${JSON.stringify(quality)}`);
  }
  return DESIGNS[quality];
}

class PolyphaseResampler implements Resampler {
  private readonly bank: FilterBank;
  private readonly taps: number;
  private readonly wholeStep: number;
  private readonly phaseStep: number;
  /** Input history as floats (exact for PCM16), so the inner loop needs no conversion. */
  private history = new Float32Array(0);
  private length = 0;
  /** Index in `history` of the input sample at or just before the next output instant. */
  private position = 0;
  /** The next output instant is `position + phase / up`. */
  private phase = 0;

  constructor(bank: FilterBank) {
    this.bank = bank;
    this.taps = 2 * bank.halfTaps;
    this.wholeStep = Math.floor(bank.down / bank.up);
    this.phaseStep = bank.down % bank.up;
    this.reset();
  }

  process(chunk: Int16Array): Int16Array {
    this.append(chunk, 0);
    return this.render(this.length - 1 - this.bank.halfTaps);
  }

  flush(): Int16Array {
    // Silence after the end lets the last output instants see a full filter.
    this.append(EMPTY, this.bank.halfTaps);
    const out = this.render(this.length - 1 - this.bank.halfTaps);
    this.reset();
    return out;
  }

  /** The stream starts after silence, so the first output instants see a full filter too. */
  private reset(): void {
    const lead = this.bank.halfTaps - 1;
    if (this.history.length < lead + 4096) this.history = new Float32Array(lead + 4096);
    this.history.fill(0, 0, lead);
    this.length = lead;
    this.position = lead;
    this.phase = 0;
  }

  private append(chunk: Int16Array, silence: number): void {
    // Drop the input no future output instant can reach, then make room.
    const keepFrom = this.position - this.bank.halfTaps + 1;
    const needed = this.length - keepFrom + chunk.length + silence;
    if (needed > this.history.length) {
      const grown = new Float32Array(Math.max(needed, 2 * this.history.length));
      grown.set(this.history.subarray(keepFrom, this.length));
      this.history = grown;
    } else if (keepFrom > 0) {
      this.history.copyWithin(0, keepFrom, this.length);
    }
    this.length -= keepFrom;
    this.position -= keepFrom;
    this.history.set(chunk, this.length);
    this.length += chunk.length;
    this.history.fill(0, this.length, this.length + silence);
    this.length += silence;
  }

  /** Emits every output instant whose integer part is at most `lastPosition`. */
  private render(lastPosition: number): Int16Array {
    const { up, down, halfTaps, coefficients, rows, exact } = this.bank;
    const span = lastPosition - this.position + 1;
    if (span <= 0) return EMPTY;
    const out = new Int16Array(Math.ceil((span * up - this.phase) / down));
    if (this.bank.folded !== undefined) return this.renderFolded(out, this.bank.folded);
    const history = this.history;
    const taps = this.taps;
    let position = this.position;
    let phase = this.phase;
    for (let index = 0; index < out.length; index += 1) {
      const start = position - halfTaps + 1;
      let value: number;
      if (exact) {
        const row = phase * taps;
        // Two running sums halve the chain of dependent additions the CPU must wait on.
        let even = 0;
        let odd = 0;
        for (let tap = 0; tap < taps; tap += 2) {
          even += (history[start + tap] as number) * (coefficients[row + tap] as number);
          odd += (history[start + tap + 1] as number) * (coefficients[row + tap + 1] as number);
        }
        value = even + odd;
      } else {
        const where = (phase * rows) / up;
        const row = Math.floor(where);
        const weight = where - row;
        const below = row * taps;
        const above = below + taps;
        let low = 0;
        let high = 0;
        for (let tap = 0; tap < taps; tap += 1) {
          const sample = history[start + tap] as number;
          low += sample * (coefficients[below + tap] as number);
          high += sample * (coefficients[above + tap] as number);
        }
        value = low + weight * (high - low);
      }
      // Clamp: the filter's ringing can overshoot full scale, and Int16Array would wrap it around.
      out[index] = value >= 32767 ? 32767 : value <= -32768 ? -32768 : Math.round(value);
      position += this.wholeStep;
      phase += this.phaseStep;
      if (phase >= up) {
        phase -= up;
        position += 1;
      }
    }
    this.position = position;
    this.phase = phase;
    return out;
  }

  /** `render` for an integer ratio: output instant `index` sits on input sample `position + index * down`. */
  private renderFolded(out: Int16Array, folded: Float32Array): Int16Array {
    const history = this.history;
    const reach = folded.length;
    let centre = this.position;
    for (let index = 0; index < out.length; index += 1) {
      // Two running sums, as in `render`; `reach - 1` pairs, the last one alone when their count is odd.
      let a = (folded[0] as number) * (history[centre] as number);
      let b = 0;
      let c = 0;
      let d = 0;
      let k = 1;
      for (; k + 3 < reach; k += 4) {
        a += (folded[k] as number) * ((history[centre - k] as number) + (history[centre + k] as number));
        b += (folded[k + 1] as number) * ((history[centre - k - 1] as number) + (history[centre + k + 1] as number));
        c += (folded[k + 2] as number) * ((history[centre - k - 2] as number) + (history[centre + k + 2] as number));
        d += (folded[k + 3] as number) * ((history[centre - k - 3] as number) + (history[centre + k + 3] as number));
      }
      for (; k < reach; k += 1) a += (folded[k] as number) * ((history[centre - k] as number) + (history[centre + k] as number));
      const value = a + b + (c + d);
      out[index] = value >= 32767 ? 32767 : value <= -32768 ? -32768 : Math.round(value);
      centre += this.wholeStep;
    }
    this.position = centre;
    return out;
  }
}

function filterBank(from: number, to: number, design: QualityDesign): FilterBank {
  const key = `${from}:${to}:${design.attenuationDb}:${design.passband}`;
  let bank = banks.get(key);
  if (bank === undefined) {
    bank = designFilterBank(from, to, design);
    if (banks.size >= MAX_CACHED_BANKS) banks.delete(banks.keys().next().value as string);
  }
  // Re-inserted so the map's order is least recently used first.
  banks.delete(key);
  banks.set(key, bank);
  return bank;
}

function designFilterBank(from: number, to: number, design: QualityDesign): FilterBank {
  const divisor = greatestCommonDivisor(from, to);
  const up = to / divisor;
  const down = from / divisor;
  // Frequencies in cycles per input sample. The stop band starts at the lower Nyquist frequency, so
  // nothing above it survives to alias (down) or image (up).
  const stop = Math.min(from, to) / 2 / from;
  const pass = stop * design.passband;
  const cutoff = (pass + stop) / 2;
  // Kaiser's estimate of the length that reaches the attenuation over this transition band.
  const length = (design.attenuationDb - 7.95) / (2.285 * 2 * Math.PI * (stop - pass));
  const halfTaps = Math.max(2, Math.ceil(length / 2) + 1);
  const taps = 2 * halfTaps;
  const exact = up * taps <= MAX_EXACT_COEFFICIENTS;
  const rows = exact ? up : INTERPOLATED_ROWS;
  const tableRows = exact ? rows : rows + 1;
  const beta = kaiserBeta(design.attenuationDb);
  const windowScale = 1 / besselI0(beta);
  const coefficients = new Float32Array(tableRows * taps);
  for (let row = 0; row < tableRows; row += 1) {
    const fraction = row / rows;
    let sum = 0;
    for (let tap = 0; tap < taps; tap += 1) {
      // Distance from the output instant back to the input sample this tap weights.
      const distance = fraction + halfTaps - 1 - tap;
      const relative = distance / halfTaps;
      const window = Math.abs(relative) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - relative * relative)) * windowScale;
      const coefficient = 2 * cutoff * sinc(2 * cutoff * distance) * window;
      coefficients[row * taps + tap] = coefficient;
      sum += coefficient;
    }
    // Unit gain at DC in every phase, or a constant input would come out modulated at the phase rate.
    for (let tap = 0; tap < taps; tap += 1) coefficients[row * taps + tap] = (coefficients[row * taps + tap] as number) / sum;
  }
  if (up !== 1) return { up, down, halfTaps, coefficients, rows, exact };
  // Row 0 weighs the sample at the output instant with tap `halfTaps - 1`, and taps mirror about it
  // (the sinc and the window are even); the last tap sits on the window's edge and is zero.
  const folded = new Float32Array(halfTaps);
  for (let k = 0; k < halfTaps; k += 1) folded[k] = coefficients[halfTaps - 1 - k] as number;
  return { up, down, halfTaps, coefficients, rows, exact, folded };
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const angle = Math.PI * x;
  return Math.sin(angle) / angle;
}

function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/** The modified Bessel function of the first kind, order 0, by its power series (converges fast here). */
function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-16; k += 1) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
