/**
 * Sessions streaming real-time audio both ways, for the latency and scale benchmarks: the emulator
 * sends every open connection a stamped 40 ms audio chunk every 40 ms, and every client sends a 40 ms
 * 16 kHz microphone frame every 40 ms. Each client records, in its message callback, how long each
 * stamped frame took from the emulator's `send` to that callback.
 */
import { BENCH_KEYS, type BenchClient, type ClientKind, openClient } from './clients';
import { nowMicros, stampOf } from './frames';
import { type BenchEmulator, sleep } from './harness';

export const FRAME_MS = 40;

/** Latencies in ms, appended by every client's callback while `recording` is on. */
export interface LatencyRecorder {
  recording: boolean;
  readonly samples: number[];
}

export function latencyRecorder(): LatencyRecorder {
  return { recording: false, samples: [] };
}

/** Opens `count` clients, `parallel` at a time, all recording into `recorder`. */
export async function openMany(kind: ClientKind, emulator: Pick<BenchEmulator, 'baseUrl'>, count: number, recorder: LatencyRecorder, parallel = 10): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  const onMessage = (message: unknown): void => {
    if (!recorder.recording) return;
    const stamp = stampOf(message);
    if (stamp !== undefined) recorder.samples.push((nowMicros() - stamp) / 1000);
  };
  for (let opened = 0; opened < count; opened += parallel) {
    const batch = Math.min(parallel, count - opened);
    clients.push(...(await Promise.all(Array.from({ length: batch }, () => openClient(kind, { baseUrl: emulator.baseUrl, onMessage })))));
  }
  return clients;
}

/** A 40 ms frame of 16 kHz silence (silent, so the emulator never answers with a model turn). */
export const MIC_FRAME = new Int16Array(640);

/**
 * Streams for `durationMs`, recording latencies after `warmUpMs`. Microphone frames are sent from a
 * timer on this thread, as a capture callback would. Returns how busy this thread was over the
 * recorded stretch (event-loop utilisation, 0 to 1): the clients' CPU cost, whatever the emulator's.
 */
export async function streamFor(emulator: Pick<BenchEmulator, 'stream'> & { stopStream(): Promise<unknown> }, clients: readonly BenchClient[], recorder: LatencyRecorder, durationMs: number, warmUpMs: number): Promise<number> {
  const mic = setInterval(() => {
    for (const client of clients) client.sendAudio(MIC_FRAME);
  }, FRAME_MS);
  // Only these clients' connections: other clients' sessions may be open and idle meanwhile.
  const kind = clients[0]?.kind;
  emulator.stream(FRAME_MS, 1, kind === undefined ? undefined : BENCH_KEYS[kind]);
  try {
    await sleep(warmUpMs);
    recorder.recording = true;
    const start = performance.eventLoopUtilization();
    await sleep(durationMs - warmUpMs);
    return performance.eventLoopUtilization(start).utilization;
  } finally {
    recorder.recording = false;
    clearInterval(mic);
    await emulator.stopStream();
  }
}

export async function closeAll(clients: readonly BenchClient[]): Promise<void> {
  await Promise.all(clients.map((client) => client.close()));
}
