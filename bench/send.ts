/**
 * (2) Send path: main-thread time per second of streamed 16 kHz audio.
 *
 * Each round feeds a few seconds of microphone audio through a pipeline, synchronously, and times
 * that stretch (the pipeline never yields, so its wall time is this thread's CPU time; the emulator
 * reads the frames later, on its own thread). Pipelines:
 * - ours, full: 48 kHz chunks of 20 ms → `resamplePcm` → `batchAudio` (40 ms) → `toRealtimeAudio`
 *   (base64) → `session.realtimeInput` (validate, serialise, outbox) → socket;
 * - ours, 16 kHz in: the same 40 ms frames the SDK gets, from `toRealtimeAudio` on;
 * - the SDK fed with those frames: Node base64, then `Session.sendRealtimeInput`;
 * - the floor: Node base64, `JSON.stringify`, `ws.send`;
 * - from 48 kHz float render quanta (128 samples, what an AudioWorklet hands over): ours
 *   (`float32ToPcm16` → the full pipeline above) against the naive path users write around the SDK
 *   (bench/naive.ts: linear interpolation without a low-pass, base64 by string concatenation, one
 *   message per quantum), with the alias level and pass-band error of each.
 * The resampler and batcher alone are timed too, so the two costs can be told apart.
 */
import { filter, firstValueFrom, map, Subject } from 'rxjs';
import { batchAudio } from '../lib/audio/batchAudio';
import { resamplePcm } from '../lib/audio/resample';
import { float32ToPcm16 } from '../lib/audio/pcm16';
import { toRealtimeAudio } from '../lib/audio/toRealtimeAudio';
import { benchSession, CLIENT_KINDS, type BenchClient, type ClientKind, openClient } from './clients';
import { downsamplingQuality, naiveDownsampling, naiveSender, ourDownsampling, toneQuanta } from './naive';
import { type BenchSettings, collectGarbage, fixed, median, ratio, type ResultTable, roundOrder, sleep, startBenchEmulator } from './harness';

const MIC_RATE = 48_000;
const MIC_CHUNK = MIC_RATE / 50; // 20 ms, as capture callbacks deliver it
const FRAME = 16_000 / 25; // 40 ms at 16 kHz

/**
 * 48 kHz microphone chunks: a faint tone, below the emulator's voice detector, so it never answers
 * (its replies would land on this thread between rounds). The resampler's cost does not depend on
 * the signal.
 */
function micAudio(seconds: number): Int16Array[] {
  const chunks: Int16Array[] = [];
  for (let start = 0; start < seconds * MIC_RATE; start += MIC_CHUNK) {
    const chunk = new Int16Array(MIC_CHUNK);
    for (let index = 0; index < MIC_CHUNK; index++) chunk[index] = Math.round(8 * Math.sin((2 * Math.PI * 220 * (start + index)) / MIC_RATE));
    chunks.push(chunk);
  }
  return chunks;
}

/** 16 kHz frames of 40 ms (silence: the emulator's voice detector stays quiet, so no replies). */
function frames16k(seconds: number): Int16Array[] {
  return Array.from({ length: seconds * 25 }, () => new Int16Array(FRAME));
}

const OURS_QUANTA = 'rx-gemini-live, 48 kHz float quanta (float32ToPcm16 + resample + batch + send)';
const NAIVE_QUANTA = 'naive around @google/genai, 48 kHz float quanta (linear interpolation, string base64, a message per quantum)';

function timeMs(body: () => void): number {
  const started = performance.now();
  body();
  return performance.now() - started;
}

export async function sendBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const rounds = settings.quick ? 2 : 11;
  const seconds = settings.quick ? 1 : 4;
  const mic = micAudio(seconds);
  const frames = frames16k(seconds);
  // A faint tone, below the emulator's voice detector, as micAudio.
  const quanta = toneQuanta(220, seconds, 8 / 32768);
  const emulator = await startBenchEmulator();
  const clients: BenchClient[] = [];
  const samples = new Map<string, number[]>();
  const record = (name: string, ms: number): void => void samples.set(name, [...(samples.get(name) ?? []), ms / seconds]);
  // One session per pipeline, as every other contender has its own connection.
  const session = benchSession(emulator.baseUrl);
  const session16k = benchSession(emulator.baseUrl);
  const sessionQuanta = benchSession(emulator.baseUrl);
  const subscription = session.subscribe({ error: () => undefined });
  subscription.add(session16k.subscribe({ error: () => undefined }));
  subscription.add(sessionQuanta.subscribe({ error: () => undefined }));
  const full = new Subject<Int16Array>();
  const resampleOnly = new Subject<Int16Array>();
  const atRate = new Subject<Int16Array>();
  const floatQuanta = new Subject<Float32Array>();
  try {
    await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
    await firstValueFrom(session16k.state$.pipe(filter((state) => state.status === 'open')));
    await firstValueFrom(sessionQuanta.state$.pipe(filter((state) => state.status === 'open')));
    floatQuanta
      .pipe(map(float32ToPcm16), resamplePcm({ from: MIC_RATE, to: 16_000 }), batchAudio({ ms: 40, sampleRate: 16_000 }), toRealtimeAudio({ sampleRate: 16_000 }))
      .subscribe(sessionQuanta.realtimeInput);
    full.pipe(resamplePcm({ from: MIC_RATE, to: 16_000 }), batchAudio({ ms: 40, sampleRate: 16_000 }), toRealtimeAudio({ sampleRate: 16_000 })).subscribe(session.realtimeInput);
    atRate.pipe(toRealtimeAudio({ sampleRate: 16_000 })).subscribe(session16k.realtimeInput);
    resampleOnly.pipe(resamplePcm({ from: MIC_RATE, to: 16_000 }), batchAudio({ ms: 40, sampleRate: 16_000 })).subscribe();
    const others = new Map<ClientKind, BenchClient>();
    for (const kind of CLIENT_KINDS.filter((kind) => kind !== 'rx-gemini-live')) {
      const client = await openClient(kind, { baseUrl: emulator.baseUrl, onMessage: () => undefined });
      clients.push(client);
      others.set(kind, client);
    }
    const sdk = others.get('@google/genai') as BenchClient;
    const naive = naiveSender((data) => sdk.sendEncodedAudio(data));
    const runs: Record<string, () => number> = {
      'rx-gemini-live, 48 kHz in (resample + batch + send)': () => timeMs(() => mic.forEach((chunk) => full.next(chunk))),
      'rx-gemini-live, 16 kHz in (send only)': () => timeMs(() => frames.forEach((frame) => atRate.next(frame))),
      '@google/genai, 16 kHz in': () => timeMs(() => frames.forEach((frame) => others.get('@google/genai')?.sendAudio(frame))),
      'ws + JSON.parse, 16 kHz in': () => timeMs(() => frames.forEach((frame) => others.get('ws + JSON.parse')?.sendAudio(frame))),
      'resample + batch alone (no send)': () => timeMs(() => mic.forEach((chunk) => resampleOnly.next(chunk))),
      [OURS_QUANTA]: () => timeMs(() => quanta.forEach((quantum) => floatQuanta.next(quantum))),
      [NAIVE_QUANTA]: () => timeMs(() => quanta.forEach((quantum) => naive(quantum))),
    };
    const ours = downsamplingQuality(ourDownsampling);
    const naiveQuality = downsamplingQuality(naiveDownsampling);
    const quality: Record<string, { aliasDb: number; passbandDb: number }> = {
      [OURS_QUANTA]: ours,
      'rx-gemini-live, 48 kHz in (resample + batch + send)': ours,
      [NAIVE_QUANTA]: naiveQuality,
    };
    const names = Object.keys(runs);
    for (let round = 0; round < rounds + 1; round++) {
      for (const name of roundOrder(names, round)) {
        // Every run starts on an empty young generation; otherwise the run after the resampler
        // (which allocates a lot) pays for its scavenges.
        collectGarbage();
        const ms = (runs[name] as () => number)();
        if (round > 0) record(name, ms);
        // Let the emulator read (and voice-check) what was sent, so no run starts while it is busy.
        await sleep(100);
      }
    }
    const floor = median(samples.get('ws + JSON.parse, 16 kHz in') ?? []);
    const sdkMs = median(samples.get('@google/genai, 16 kHz in') ?? []);
    const naiveMs = median(samples.get(NAIVE_QUANTA) ?? []);
    return {
      title: 'Send path: main-thread time per second of 16 kHz audio',
      columns: ['pipeline', 'ms per audio second (median)', 'vs SDK', 'vs floor', 'vs naive', 'realtime×', 'worst alias (dB below the tone)', 'pass-band error (dB)'],
      rows: names.map((name) => {
        const ms = median(samples.get(name) ?? []);
        const measured = quality[name];
        return [
          name,
          fixed(ms, 3),
          ratio(ms, sdkMs),
          ratio(ms, floor),
          name.includes('float quanta') ? ratio(ms, naiveMs) : '—',
          fixed(1000 / ms, 0),
          measured === undefined ? '—' : fixed(measured.aliasDb, 1),
          measured === undefined ? '—' : fixed(measured.passbandDb, 4),
        ];
      }),
      notes: [
        `${rounds} rounds (after one warm-up round) of ${seconds} s of audio per pipeline; 40 ms frames (25 per second) on the wire.`,
        '"realtime×" is how many such streams one core could feed: 1000 ms divided by the cost of one second of audio.',
        'Alias: the weakest attenuation of 48 kHz tones from 8 to 23.5 kHz (above the 16 kHz stream\'s Nyquist frequency), 0 dB meaning they come through at full level as false tones; pass-band: the worst gain error of tones from 0.4 to 6.4 kHz. The naive path sends 375 messages a second (one per 128-sample quantum) where ours sends 25.',
        `Frames dropped by our outbox during the run: ${session.stats.realtimeDropped + session16k.stats.realtimeDropped + sessionQuanta.stats.realtimeDropped} (the high-water mark holds media while the socket is congested).`,
        'For all three clients most of the cost of a frame is `ws` writing it to the socket (one `writev` system call per frame); what we add before that (checking the value, serialising, the outbox) is a few microseconds per frame.',
      ],
    };
  } finally {
    full.complete();
    atRate.complete();
    resampleOnly.complete();
    floatQuanta.complete();
    subscription.unsubscribe();
    for (const client of clients) await client.close();
    await emulator.close();
  }
}
