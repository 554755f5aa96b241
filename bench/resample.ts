/**
 * Resampler throughput and quality, printed per rate pair and quality: seconds of input audio
 * converted per CPU second (20 ms chunks, as a microphone delivers them) and its inverse, the CPU
 * milliseconds one audio second costs; the worst pass-band gain error over in-band tones; and the
 * weakest attenuation of tones above the new Nyquist frequency.
 *
 * Run with `npx tsx bench/resample.ts`. A benchmark, not a test: the numbers depend on the machine.
 */
import { createResampler, type ResamplerQuality } from '../lib/audio/resample';
import { concat, fitTone, tone as signalTone } from '../spec/audio/signals';

const PAIRS: ReadonlyArray<readonly [number, number]> = [
  [48000, 16000],
  [44100, 16000],
  [22050, 16000],
  [24000, 16000],
  [8000, 16000],
  [16000, 24000],
  [24000, 48000],
];
const QUALITIES: readonly ResamplerQuality[] = ['low', 'medium', 'high'];
const AMPLITUDE = 20000;

function tone(rate: number, frequency: number, count: number): Int16Array {
  return signalTone(rate, frequency, count, AMPLITUDE);
}

function convert(from: number, to: number, quality: ResamplerQuality, input: Int16Array): Int16Array {
  const resampler = createResampler({ from, to, quality });
  return concat([resampler.process(input), resampler.flush()]);
}

/** Amplitude of `frequency` in `samples`, and RMS, skipping 10 ms at each end. */
function measure(samples: Int16Array, rate: number, frequency: number): { amplitude: number; rms: number } {
  return fitTone(samples, rate, frequency, Math.ceil(rate / 100));
}

function throughput(from: number, to: number, quality: ResamplerQuality): number {
  const input = tone(from, 440, from * 5);
  const chunk = from / 50;
  const resampler = createResampler({ from, to, quality });
  const started = process.cpuUsage();
  let seconds = 0;
  while (seconds < 30) {
    for (let start = 0; start < input.length; start += chunk) resampler.process(input.subarray(start, start + chunk));
    seconds += 5;
  }
  const used = process.cpuUsage(started);
  return seconds / ((used.user + used.system) / 1e6);
}

console.log('pair              quality  realtime×  CPU ms per audio s  passband error (≤ 0.8·Nyquist)  stop band (> Nyquist)');
for (const [from, to] of PAIRS) {
  const nyquist = Math.min(from, to) / 2;
  for (const quality of QUALITIES) {
    let passband = 0;
    for (let fraction = 0.05; fraction <= 0.8; fraction += 0.05) {
      const { amplitude } = measure(convert(from, to, quality, tone(from, fraction * nyquist, from / 2)), to, fraction * nyquist);
      passband = Math.max(passband, Math.abs(20 * Math.log10(amplitude / AMPLITUDE)));
    }
    let stop = Number.POSITIVE_INFINITY;
    for (let ratio = 1; to < from && ratio * nyquist < 0.98 * (from / 2); ratio += 0.05) {
      const { rms } = measure(convert(from, to, quality, tone(from, ratio * nyquist, from / 2)), to, 100);
      stop = Math.min(stop, 20 * Math.log10(AMPLITUDE / Math.SQRT2 / rms));
    }
    const stopText = to > from ? '(upsampling)' : Number.isFinite(stop) ? `${stop.toFixed(1)} dB` : 'all rounds to 0';
    const speed = throughput(from, to, quality);
    console.log(
      `${`${from} → ${to}`.padEnd(18)}${quality.padEnd(9)}${speed.toFixed(0).padStart(9)}  ${(1000 / speed).toFixed(2).padStart(18)}  ${`${passband.toFixed(4)} dB`.padEnd(32)}${stopText}`,
    );
  }
}
