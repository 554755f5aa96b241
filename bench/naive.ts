/**
 * The naive send path: what users commonly write around the SDK in a browser's AudioWorklet or a
 * Node capture callback, kept here so the send benchmark can price it against our pipeline.
 *
 * - one message per render quantum (128 samples at 48 kHz, 375 messages a second);
 * - 48 → 16 kHz by linear interpolation, with no low-pass first, so everything between 8 and 24 kHz
 *   folds back into the band (at 3:1 the interpolation points fall on input samples: it is plain
 *   decimation);
 * - base64 by concatenating one character per byte into a string, then `btoa`.
 *
 * Also the quality probe both paths share: the weakest attenuation of tones above the new Nyquist
 * frequency, and the worst gain error of tones below it.
 */
import { fitTone } from '../spec/audio/signals';
import { audio } from './ours';

export const RENDER_QUANTUM = 128;

/** Linear interpolation carried across quanta: the next output instant, in input samples from the quantum's start. */
export class NaiveDownsampler {
  private next = 0;
  private previous = 0;

  constructor(private readonly step: number) {}

  process(quantum: Float32Array): Int16Array {
    const out: number[] = [];
    // Index -1 is the last sample of the previous quantum.
    while (this.next <= quantum.length - 1) {
      const below = Math.floor(this.next);
      const weight = this.next - below;
      const a = below < 0 ? this.previous : (quantum[below] as number);
      const b = weight === 0 ? a : (quantum[below + 1] as number);
      const value = Math.max(-1, Math.min(1, a + (b - a) * weight));
      out.push(value * 0x7fff);
      this.next += this.step;
    }
    this.next -= quantum.length;
    this.previous = quantum[quantum.length - 1] ?? this.previous;
    return Int16Array.from(out);
  }
}

/** A sender for one stream, as a user writes it: resample, base64 by string concatenation, send. */
export function naiveSender(send: (base64: string) => void): (quantum: Float32Array) => void {
  const downsampler = new NaiveDownsampler(3);
  return (quantum) => {
    const samples = downsampler.process(quantum);
    const bytes = new Uint8Array(samples.buffer);
    let binary = '';
    for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index] as number);
    send(btoa(binary));
  };
}

/** 48 kHz float render quanta of a tone. */
export function toneQuanta(frequency: number, seconds: number, amplitude = 0.6): Float32Array[] {
  const quanta: Float32Array[] = [];
  for (let start = 0; start < 48_000 * seconds; start += RENDER_QUANTUM) {
    quanta.push(Float32Array.from({ length: RENDER_QUANTUM }, (_, index) => amplitude * Math.sin((2 * Math.PI * frequency * (start + index)) / 48_000)));
  }
  return quanta;
}

function concat(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export type Downsampling = (quanta: readonly Float32Array[]) => Int16Array;

export const naiveDownsampling: Downsampling = (quanta) => {
  const downsampler = new NaiveDownsampler(3);
  return concat(quanta.map((quantum) => downsampler.process(quantum)));
};

export const ourDownsampling: Downsampling = (quanta) => {
  const resampler = audio.createResampler({ from: 48_000, to: 16_000 });
  return concat([...quanta.map((quantum) => resampler.process(audio.float32ToPcm16(quantum))), resampler.flush()]);
};

/** Worst alias (dB below the tone, tones from 8 to 23.5 kHz) and worst pass-band error (dB, tones up to 6.4 kHz). */
export function downsamplingQuality(downsample: Downsampling): { aliasDb: number; passbandDb: number } {
  const amplitude = 0.6 * 0x7fff;
  const skip = 160;
  let aliasDb = Number.POSITIVE_INFINITY;
  for (let frequency = 8_000; frequency <= 23_500; frequency += 500) {
    const { rms } = fitTone(downsample(toneQuanta(frequency, 0.25)), 16_000, 100, skip);
    aliasDb = Math.min(aliasDb, 20 * Math.log10(amplitude / Math.SQRT2 / Math.max(rms, 1e-9)));
  }
  let passbandDb = 0;
  for (let frequency = 400; frequency <= 6_400; frequency += 400) {
    const fit = fitTone(downsample(toneQuanta(frequency, 0.25)), 16_000, frequency, skip);
    passbandDb = Math.max(passbandDb, Math.abs(20 * Math.log10(fit.amplitude / amplitude)));
  }
  return { aliasDb, passbandDb };
}
