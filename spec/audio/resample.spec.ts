import fc from 'fast-check';
import { createResampler, resamplePcm, type ResamplerQuality } from '../../lib/audio/resample';
import { LiveConfigError } from '../../lib/errors';
import { testScheduler } from '../support/marbles';
import { concat, cutAt, decibels, fitTone, tone, zeroCrossingFrequency } from './signals';

const PAIRS: ReadonlyArray<readonly [number, number]> = [
  [48000, 16000],
  [44100, 16000],
  [22050, 16000],
  [24000, 16000],
  [8000, 16000],
  [16000, 24000],
  [24000, 48000],
];
const DOWN_PAIRS = PAIRS.filter(([from, to]) => to < from);
/** A pair with thousands of phases, which takes the interpolated-table path. */
const ODD_PAIR = [44100, 16001] as const;

function resampleAll(from: number, to: number, chunks: readonly Int16Array[], quality?: ResamplerQuality): Int16Array {
  const resampler = createResampler({ from, to, quality });
  return concat([...chunks.map((chunk) => resampler.process(chunk)), resampler.flush()]);
}

/** Edges ring (the stream starts and ends after silence): measure 10 ms in from each end. */
const edge = (rate: number): number => Math.ceil(rate / 100);

describe('createResampler', () => {
  describe.each([...PAIRS, ODD_PAIR])('%i Hz → %i Hz', (from, to) => {
    const nyquist = Math.min(from, to) / 2;

    it('keeps an in-band tone at its frequency and amplitude (within 1 dB), adding nothing else', () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0.02, max: 0.8, noNaN: true }),
          fc.integer({ min: 1000, max: 30000 }),
          fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
          (fraction, amplitude, phase) => {
            const frequency = fraction * nyquist;
            const input = tone(from, frequency, Math.round(from / 4), amplitude, phase);
            const output = resampleAll(from, to, [input]);
            const fit = fitTone(output, to, frequency, edge(to));
            expect(Math.abs(decibels(fit.amplitude / amplitude))).toBeLessThan(1);
            // Aliases, images or a wrong frequency would all show up as residual.
            expect(decibels(fit.amplitude / Math.SQRT2 / fit.residualRms)).toBeGreaterThan(60);
            expect(zeroCrossingFrequency(output, to, edge(to)) / frequency).toBeCloseTo(1, 3);
          },
        ),
        { numRuns: 15 },
      );
    });

    it('gives ceil(n · to / from) samples in total, whatever the chunking', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.nat({ max: 5000 }), { maxLength: 8 }), (count, cuts) => {
          const output = resampleAll(from, to, cutAt(new Int16Array(count), cuts));
          expect(output.length).toBe(Math.ceil((count * to) / from));
        }),
        { numRuns: 40 },
      );
    });

    it('gives the same output however the input is chunked', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 3000 }),
          fc.array(fc.nat({ max: 3000 }), { maxLength: 10 }),
          (values, cuts) => {
            const input = Int16Array.from(values);
            expect(resampleAll(from, to, cutAt(input, cuts))).toEqual(resampleAll(from, to, [input]));
          },
        ),
        { numRuns: 25 },
      );
    });
  });

  describe.each(DOWN_PAIRS)('%i Hz → %i Hz', (from, to) => {
    const nyquist = to / 2;

    it.each<[ResamplerQuality, number]>([
      ['low', 40],
      ['medium', 70],
      // PCM16 rounding alone sits about 94 dB below this tone.
      ['high', 85],
    ])('attenuates a tone above the new Nyquist frequency (%s quality: ≥ %i dB)', (quality, floorDb) => {
      fc.assert(
        fc.property(fc.double({ min: 1, max: 0.97 * (from / 2 / nyquist), noNaN: true }), (ratio) => {
          const amplitude = 20000;
          const output = resampleAll(from, to, [tone(from, ratio * nyquist, Math.round(from / 4), amplitude)], quality);
          const { rms } = fitTone(output, to, 100, edge(to));
          expect(decibels(amplitude / Math.SQRT2 / rms)).toBeGreaterThan(floorDb);
        }),
        { numRuns: 10 },
      );
    });
  });

  it('keeps a constant a constant (every filter phase has unit gain)', () => {
    const output = resampleAll(44100, 16000, [new Int16Array(44100).fill(12345)]);
    expect(new Set(output.subarray(edge(16000), -edge(16000)))).toEqual(new Set([12345]));
  });

  it('clamps the ringing of a full-scale square wave instead of wrapping it around', () => {
    const input = new Int16Array(48000).map((_, index) => (Math.floor(index / 240) % 2 === 0 ? 32767 : -32768));
    const output = resampleAll(48000, 16000, [input]);
    // Away from each edge the output must keep the square's level; a wrapped overshoot flips its sign.
    const wrong: number[] = [];
    for (let index = edge(16000); index < output.length - edge(16000); index += 1) {
      const withinPeriod = index % 160;
      const value = output[index] as number;
      if ((withinPeriod > 10 && withinPeriod < 70 && value < 30000) || (withinPeriod > 90 && withinPeriod < 150 && value > -30000)) {
        wrong.push(index);
      }
    }
    expect(wrong).toEqual([]);
    expect(Math.max(...output)).toBe(32767);
    expect(Math.min(...output)).toBe(-32768);
  });

  it('can be reused after flush, as a new stream', () => {
    const resampler = createResampler({ from: 48000, to: 16000 });
    const input = tone(48000, 1000, 4800, 10000);
    const first = concat([resampler.process(input), resampler.flush()]);
    const second = concat([resampler.process(input), resampler.flush()]);
    expect(second).toEqual(first);
  });

  it('returns chunks untouched when the rates are equal', () => {
    const resampler = createResampler({ from: 16000, to: 16000 });
    const chunk = Int16Array.from([1, 2, 3]);
    expect(resampler.process(chunk)).toBe(chunk);
    expect(resampler.flush()).toHaveLength(0);
  });

  it('refuses rates that are not positive integers and unknown qualities', () => {
    expect(() => createResampler({ from: 0, to: 16000 })).toThrow(LiveConfigError);
    expect(() => createResampler({ from: 48000, to: 16000.5 })).toThrow('createResampler.to');
    expect(() => createResampler({ from: Number.NaN, to: 16000 })).toThrow('createResampler.from');
    expect(() => createResampler({ from: 48000, to: 16000, quality: 'best' as ResamplerQuality })).toThrow('createResampler.quality');
  });
});

describe('resamplePcm', () => {
  const a = tone(48000, 440, 480, 8000);
  const b = tone(48000, 880, 960, 8000);

  function expected(chunks: readonly Int16Array[]): Int16Array[] {
    const resampler = createResampler({ from: 48000, to: 16000 });
    return chunks.map((chunk) => resampler.process(chunk));
  }

  it('resamples each chunk and flushes the tail on complete', () => {
    const resampler = createResampler({ from: 48000, to: 16000 });
    const x = resampler.process(a);
    const y = resampler.process(b);
    const t = resampler.flush();
    expect(x.length + y.length + t.length).toBe(480);
    testScheduler().run(({ cold, expectObservable }) => {
      const output = cold('a-b-|', { a, b }).pipe(resamplePcm({ from: 48000, to: 16000 }));
      expectObservable(output).toBe('x-y-(t|)', { x, y, t });
    });
  });

  it('forwards an error without a tail', () => {
    const [x] = expected([a]);
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#', { a }).pipe(resamplePcm({ from: 48000, to: 16000 }))).toBe('x-#', { x });
    });
  });

  it('unsubscribes from the source when unsubscribed mid-stream', () => {
    const [x] = expected([a]);
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a---b-|', { a, b });
      expectObservable(source.pipe(resamplePcm({ from: 48000, to: 16000 })), '^--!').toBe('x---', { x });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('keeps one resampler per subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [x, y] = expected([a, b]);
      const output = cold('a-b', { a, b }).pipe(resamplePcm({ from: 48000, to: 16000 }));
      expectObservable(output).toBe('x-y', { x, y });
      expectObservable(output).toBe('x-y', { x, y });
    });
  });

  it('emits nothing for chunks too short to complete an output sample yet', () => {
    const tiny = new Int16Array([100]);
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-a-|', { a: tiny }).pipe(resamplePcm({ from: 48000, to: 16000 }))).toBe('----(t|)', {
        t: Int16Array.from(resampleAll(48000, 16000, [tiny, tiny])),
      });
    });
  });

  it('passes the source through when the rates are equal', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-|', { a }).pipe(resamplePcm({ from: 16000, to: 16000 }))).toBe('a-|', { a });
    });
  });

  it('refuses invalid rates at call time', () => {
    expect(() => resamplePcm({ from: 48000, to: -1 })).toThrow(LiveConfigError);
  });
});
