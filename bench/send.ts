/**
 * (2) Send path: main-thread time per second of streamed 16 kHz audio, over real sockets.
 *
 * The pipelines run interleaved, 40 ms of audio at a time: for each 40 ms step, every pipeline takes
 * its share of input (one 16 kHz frame, two 20 ms microphone chunks or worklet blocks, or fifteen
 * 128-sample render quanta) in an order shuffled for that step, and each one's call is timed on its own with
 * `performance.now()`. Most of a frame's cost is `ws` writing it to the socket (one `writev` system
 * call per frame), whose cost swings with the neighbours' load and the state of the emulator's end;
 * timing one pipeline's whole stretch after another's would price each under different socket
 * conditions. Interleaved, all of them meet the same conditions, and a spike lands on whichever
 * pipeline happened to run then, at random. A round's figure is the sum of its steps per audio
 * second; the table shows the median over rounds.
 *
 * Pipelines, each over its own connection to the emulator (which reads the frames on its own thread):
 * - ours, full: 48 kHz chunks of 20 ms → `resamplePcm` → `batchAudio` (40 ms) → `toRealtimeAudio`
 *   (base64) → `session.realtimeInput` (validate, serialise, outbox) → socket;
 * - ours, 16 kHz in: the same 40 ms frames the SDK gets, from `toRealtimeAudio` on;
 * - the SDK fed with those frames: Node base64, then `Session.sendRealtimeInput`;
 * - the floor: Node base64, `JSON.stringify`, `ws.send`;
 * - from 48 kHz float audio captured by an AudioWorklet: ours as `microphone$` runs it (its worklet
 *   collects the 128-sample render quanta into 20 ms blocks and posts those; then `float32ToPcm16`
 *   → the full pipeline above) against the naive path users write around the SDK (bench/naive.ts:
 *   every render quantum posted and sent, linear interpolation without a low-pass, base64 by string
 *   concatenation), with the alias level and pass-band error of each.
 * The resampler and batcher alone are timed too, so the two costs can be told apart. What each
 * client does before the socket, without it, is bench/sendOverhead.ts.
 */
import { filter, firstValueFrom, map, Subject } from 'rxjs';
import type { LiveSession } from '../lib/session/liveSession';
import { benchSession, type BenchClient, openClient } from './clients';
import { downsamplingQuality, naiveDownsampling, naiveSender, ourDownsampling, RENDER_QUANTUM, toneQuanta } from './naive';
import { type BenchSettings, collectGarbage, fixed, median, ratio, type ResultTable, roundOrder, sleep, startBenchEmulator } from './harness';
import { sendOverheadBenchmark } from './sendOverhead';
import { audio } from './ours';

const MIC_RATE = 48_000;
const MIC_CHUNK = MIC_RATE / 50; // 20 ms, as capture callbacks deliver it
const FRAME = 16_000 / 25; // 40 ms at 16 kHz
const STEPS_PER_SECOND = 25; // one 40 ms step of audio for every pipeline
const CHUNKS_PER_STEP = 2;
const QUANTA_PER_STEP = (MIC_RATE / STEPS_PER_SECOND) / RENDER_QUANTUM; // 15

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
  return Array.from({ length: seconds * STEPS_PER_SECOND }, () => new Int16Array(FRAME));
}

const OURS_48K = 'rx-gemini-live, 48 kHz in (resample + batch + send)';
const OURS_16K = 'rx-gemini-live, 16 kHz in (send only)';
const SDK_16K = '@google/genai, 16 kHz in';
const FLOOR_16K = 'ws + JSON.parse, 16 kHz in';
const CONTROL_16K = 'ws + JSON.parse again, on a second connection (control)';
/** The pipelines whose time inside `ws`'s `send` is measured. */
const SOCKET_TIMED = [OURS_16K, SDK_16K, FLOOR_16K, CONTROL_16K];
const RESAMPLE_ONLY = 'resample + batch alone (no send)';
const OURS_QUANTA = 'rx-gemini-live, 48 kHz float audio as microphone$ takes it (20 ms worklet blocks: float32ToPcm16 + resample + batch + send)';
const NAIVE_QUANTA = 'naive around @google/genai, 48 kHz float quanta (linear interpolation, string base64, a message per quantum)';

/** The samples of `quanta`, cut into blocks of `size`. */
function reblock(quanta: readonly Float32Array[], size: number): Float32Array[] {
  const all = new Float32Array(quanta.reduce((total, quantum) => total + quantum.length, 0));
  let at = 0;
  for (const quantum of quanta) {
    all.set(quantum, at);
    at += quantum.length;
  }
  const blocks: Float32Array[] = [];
  for (let start = 0; start + size <= all.length; start += size) blocks.push(all.slice(start, start + size));
  return blocks;
}

function waitOpen(session: LiveSession): Promise<unknown> {
  return firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
}

export async function sendBenchmark(settings: BenchSettings): Promise<ResultTable[]> {
  return [await socketSendBenchmark(settings), await sendOverheadBenchmark(settings)];
}

async function socketSendBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const rounds = settings.quick ? 2 : 11;
  const seconds = settings.quick ? 1 : 4;
  const steps = seconds * STEPS_PER_SECOND;
  const mic = micAudio(seconds);
  const frames = frames16k(seconds);
  // A faint tone, below the emulator's voice detector, as micAudio.
  const quanta = toneQuanta(220, seconds, 8 / 32768);
  // The same samples as `microphone$` hands them to the main thread: its capture worklet collects the
  // render quanta into 20 ms blocks and posts those (50 messages a second, not 375).
  const floatBlocks = reblock(quanta, MIC_CHUNK);
  const emulator = await startBenchEmulator();
  const clients: BenchClient[] = [];
  // One connection per pipeline: ours three, the SDK two (16 kHz frames, naive quanta), the floor two
  // (the second, a control: the same client on another connection shows how far two identical
  // contenders differ here).
  const session = benchSession(emulator.baseUrl);
  // Time spent inside `ws`'s `send` during the current call, for the 16 kHz clients (reset per call).
  let inSocketMs = 0;
  const onSocketSend = (ms: number): void => void (inSocketMs += ms);
  const session16k = benchSession(emulator.baseUrl, undefined, onSocketSend);
  const sessionQuanta = benchSession(emulator.baseUrl);
  const subscription = session.subscribe({ error: () => undefined });
  subscription.add(session16k.subscribe({ error: () => undefined }));
  subscription.add(sessionQuanta.subscribe({ error: () => undefined }));
  const full = new Subject<Int16Array>();
  const resampleOnly = new Subject<Int16Array>();
  const atRate = new Subject<Int16Array>();
  const floatQuanta = new Subject<Float32Array>();
  try {
    await Promise.all([waitOpen(session), waitOpen(session16k), waitOpen(sessionQuanta)]);
    floatQuanta
      .pipe(map(audio.float32ToPcm16), audio.resamplePcm({ from: MIC_RATE, to: 16_000 }), audio.batchAudio({ ms: 40, sampleRate: 16_000 }), audio.toRealtimeAudio({ sampleRate: 16_000 }))
      .subscribe(sessionQuanta.realtimeInput);
    full.pipe(audio.resamplePcm({ from: MIC_RATE, to: 16_000 }), audio.batchAudio({ ms: 40, sampleRate: 16_000 }), audio.toRealtimeAudio({ sampleRate: 16_000 })).subscribe(session.realtimeInput);
    atRate.pipe(audio.toRealtimeAudio({ sampleRate: 16_000 })).subscribe(session16k.realtimeInput);
    resampleOnly.pipe(audio.resamplePcm({ from: MIC_RATE, to: 16_000 }), audio.batchAudio({ ms: 40, sampleRate: 16_000 })).subscribe();
    const open = async (kind: '@google/genai' | 'ws + JSON.parse', timed = true): Promise<BenchClient> => {
      const client = await openClient(kind, { baseUrl: emulator.baseUrl, onMessage: () => undefined, ...(timed ? { onSocketSend } : {}) });
      clients.push(client);
      return client;
    };
    const sdk = await open('@google/genai');
    const sdkNaive = await open('@google/genai', false);
    const floor = await open('ws + JSON.parse');
    const control = await open('ws + JSON.parse');
    const naive = naiveSender((data) => sdkNaive.sendEncodedAudio(data));
    /** What each pipeline does with step `step`'s 40 ms of input. */
    const pipelines: Record<string, (step: number) => void> = {
      [OURS_48K]: (step) => {
        for (let chunk = 0; chunk < CHUNKS_PER_STEP; chunk++) full.next(mic[step * CHUNKS_PER_STEP + chunk] as Int16Array);
      },
      [OURS_16K]: (step) => atRate.next(frames[step] as Int16Array),
      [SDK_16K]: (step) => sdk.sendAudio(frames[step] as Int16Array),
      [FLOOR_16K]: (step) => floor.sendAudio(frames[step] as Int16Array),
      [CONTROL_16K]: (step) => control.sendAudio(frames[step] as Int16Array),
      [RESAMPLE_ONLY]: (step) => {
        for (let chunk = 0; chunk < CHUNKS_PER_STEP; chunk++) resampleOnly.next(mic[step * CHUNKS_PER_STEP + chunk] as Int16Array);
      },
      [OURS_QUANTA]: (step) => {
        for (let block = 0; block < CHUNKS_PER_STEP; block++) floatQuanta.next(floatBlocks[step * CHUNKS_PER_STEP + block] as Float32Array);
      },
      [NAIVE_QUANTA]: (step) => {
        for (let quantum = 0; quantum < QUANTA_PER_STEP; quantum++) naive(quanta[step * QUANTA_PER_STEP + quantum] as Float32Array);
      },
    };
    const names = Object.keys(pipelines);
    const runs = names.map((name) => pipelines[name] as (step: number) => void);
    /** Per pipeline: ms per audio second, one figure per round. */
    const perRound = names.map((): number[] => []);
    /** Per pipeline: every step's time in µs, over all rounds. */
    const perStep = names.map(() => new Float64Array(rounds * steps));
    /** Per 16 kHz client: each step's µs inside `ws`'s `send` (zero for the pipelines not timed there). */
    const inSocket = names.map(() => new Float64Array(rounds * steps));
    const indices = names.map((_, index) => index);
    for (let round = 0; round < rounds + 1; round++) {
      // Every round starts on an empty young generation, so it does not pay for garbage made before it.
      collectGarbage();
      const sums = names.map(() => 0);
      for (let step = 0; step < steps; step++) {
        for (const index of roundOrder(indices, round * steps + step)) {
          const run = runs[index] as (step: number) => void;
          inSocketMs = 0;
          const started = performance.now();
          run(step);
          const ms = performance.now() - started;
          sums[index] = (sums[index] as number) + ms;
          if (round > 0) {
            (perStep[index] as Float64Array)[(round - 1) * steps + step] = ms * 1000;
            (inSocket[index] as Float64Array)[(round - 1) * steps + step] = inSocketMs * 1000;
          }
        }
      }
      if (round > 0) sums.forEach((sum, index) => perRound[index]?.push(sum / seconds));
      // Let the emulator read (and voice-check) what was sent before the next round.
      await sleep(100);
    }
    const ms = (name: string): number => median(perRound[names.indexOf(name)] ?? []);
    const floorMs = ms(FLOOR_16K);
    const sdkMs = ms(SDK_16K);
    const naiveMs = ms(NAIVE_QUANTA);
    const stepMedian = (name: string): number => median(Array.from(perStep[names.indexOf(name)] ?? []));
    const sdkStep = stepMedian(SDK_16K);
    const ours = downsamplingQuality(ourDownsampling);
    const naiveQuality = downsamplingQuality(naiveDownsampling);
    const quality: Record<string, { aliasDb: number; passbandDb: number }> = { [OURS_QUANTA]: ours, [OURS_48K]: ours, [NAIVE_QUANTA]: naiveQuality };
    return {
      title: 'Send path: main-thread time per second of 16 kHz audio',
      columns: [
        'pipeline',
        'ms per audio second (median)',
        'vs SDK',
        'vs floor',
        'vs naive',
        'µs per 40 ms step (median step)',
        'median step vs SDK',
        'of which in `ws` send (median step)',
        'before `ws` send (median step)',
        'realtime×',
        'worst alias (dB below the tone)',
        'pass-band error (dB)',
      ],
      rows: names.map((name, index) => {
        const value = ms(name);
        const measured = quality[name];
        return [
          name,
          fixed(value, 3),
          ratio(value, sdkMs),
          ratio(value, floorMs),
          name === OURS_QUANTA || name === NAIVE_QUANTA ? ratio(value, naiveMs) : '—',
          fixed(stepMedian(name), 1),
          SOCKET_TIMED.includes(name) ? ratio(stepMedian(name), sdkStep) : '—',
          SOCKET_TIMED.includes(name) ? fixed(median(Array.from(inSocket[index] ?? [])), 1) : '—',
          SOCKET_TIMED.includes(name) ? fixed(median(Array.from(perStep[index] ?? [], (total, at) => total - ((inSocket[index] as Float64Array)[at] as number))), 1) : '—',
          fixed(1000 / value, 0),
          measured === undefined ? '—' : fixed(measured.aliasDb, 1),
          measured === undefined ? '—' : fixed(measured.passbandDb, 4),
        ];
      }),
      notes: [
        `${rounds} rounds (after one warm-up round) of ${seconds} s of audio; in each round the pipelines run interleaved, 40 ms of audio each per step, in an order shuffled per step, every call timed on its own; a round's figure is the sum of its ${steps} steps per audio second, and the table shows the median over rounds. 40 ms frames (25 per second) on the wire; each pipeline has its own connection.`,
        '"µs per 40 ms step" is the median of all single steps: a frame\'s typical cost, without the occasional step that met a garbage collection or a descheduled thread (those count in the sums). The sums carry every spike, so they move by tens of percent from run to run (compare the floor and its control); the median step moves by a few percent. "Of which in `ws` send": for the 16 kHz clients, the time inside the `send` of `ws` (framing, masking, the `writev`), timed around that call in each step; "before `ws` send" is the rest of each step (the client\'s own work: base64, checks, serialising), median of the steps.',
        '"realtime×" is how many such streams one core could feed: 1000 ms divided by the cost of one second of audio.',
        'Alias: the weakest attenuation of 48 kHz tones from 8 to 23.5 kHz (above the 16 kHz stream\'s Nyquist frequency), 0 dB meaning they come through at full level as false tones; pass-band: the worst gain error of tones from 0.4 to 6.4 kHz. The naive path sends 375 messages a second (one per 128-sample quantum) where ours sends 25.',
        `Frames dropped by our outbox during the run: ${session.stats.realtimeDropped + session16k.stats.realtimeDropped + sessionQuanta.stats.realtimeDropped} (the high-water mark holds media while the socket is congested).`,
        'Inside `ws` every client pays the same; they differ in their own work before it, which here, between other sockets\' writes and other pipelines, costs two to three times what the next table measures with warm caches.',
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
