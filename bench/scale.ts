/**
 * (4) Scale: heap per idle session and per streaming session, and how many concurrent real-time
 * audio sessions this process sustains before the p99 of the added latency passes 20 ms.
 *
 * Memory is `heapUsed` of this thread after full collections; the emulator's heap is its worker's,
 * so it is not counted. Sessions are added in steps up to a cap; at each step they all stream for a
 * while, and the search stops at the first step whose p99 is over the budget.
 */
import { CLIENT_KINDS, type BenchClient, type ClientKind } from './clients';
import { type BenchSettings, fixed, median, percentile, type ResultTable, rotated, settledHeap, startBenchEmulator } from './harness';
import { closeAll, latencyRecorder, openMany, streamFor } from './streaming';

const P99_BUDGET_MS = 20;

export async function scaleBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const memorySessions = settings.quick ? 4 : 50;
  const memoryRounds = settings.quick ? 1 : 3;
  const steps = settings.quick ? [2, 4] : [10, 25, 50, 75, 100, 125, 150, 175, 200];
  const stepMs = settings.quick ? 300 : 2500;
  const idleBytes = new Map<ClientKind, number[]>();
  const streamingBytes = new Map<ClientKind, number[]>();
  const sustained = new Map<ClientKind, { sessions: number; p99: number; over?: { sessions: number; p99: number } }>();
  const emulator = await startBenchEmulator();
  try {
    for (let round = 0; round < memoryRounds; round++) {
      for (const kind of rotated(CLIENT_KINDS, round)) {
        const recorder = latencyRecorder();
        const before = await settledHeap();
        const clients = await openMany(kind, emulator, memorySessions, recorder);
        try {
          const idle = await settledHeap();
          // Heap while streaming: collected in the middle of a streaming stretch.
          let streaming = Number.NaN;
          await Promise.all([
            streamFor(emulator, clients, recorder, stepMs, 0),
            new Promise<void>((resolve) => setTimeout(() => void settledHeap().then((bytes) => ((streaming = bytes), resolve())), stepMs / 2)),
          ]);
          idleBytes.set(kind, [...(idleBytes.get(kind) ?? []), (idle - before) / memorySessions]);
          streamingBytes.set(kind, [...(streamingBytes.get(kind) ?? []), (streaming - before) / memorySessions]);
        } finally {
          await closeAll(clients);
        }
      }
    }
    for (const kind of CLIENT_KINDS) {
      const recorder = latencyRecorder();
      const clients: BenchClient[] = [];
      try {
        let best = { sessions: 0, p99: Number.NaN };
        for (const step of steps) {
          clients.push(...(await openMany(kind, emulator, step - clients.length, recorder)));
          recorder.samples.length = 0;
          await streamFor(emulator, clients, recorder, stepMs, Math.min(500, stepMs / 3));
          const p99 = percentile(recorder.samples, 99);
          if (!(p99 <= P99_BUDGET_MS)) {
            sustained.set(kind, { ...best, over: { sessions: step, p99 } });
            break;
          }
          best = { sessions: step, p99 };
          sustained.set(kind, best);
        }
      } finally {
        await closeAll(clients);
      }
    }
  } finally {
    await emulator.close();
  }
  const kib = (bytes: number): string => fixed(bytes / 1024, 1);
  const cap = steps[steps.length - 1] as number;
  return {
    title: 'Scale: memory per session and concurrent real-time audio sessions',
    columns: ['client', 'heap per idle session (KiB)', 'heap per streaming session (KiB)', `sessions sustained (p99 ≤ ${P99_BUDGET_MS} ms, cap ${cap})`, 'p99 there (ms)', 'first step over budget'],
    rows: CLIENT_KINDS.map((kind) => {
      const result = sustained.get(kind);
      const over = result?.over === undefined ? 'none up to the cap' : `${result.over.sessions} sessions: p99 ${fixed(result.over.p99, 1)} ms`;
      return [
        kind,
        kib(median(idleBytes.get(kind) ?? [])),
        kib(median(streamingBytes.get(kind) ?? [])),
        result === undefined ? '0' : `${result.sessions}${result.over === undefined && result.sessions === cap ? '+' : ''}`,
        fixed(result?.p99 ?? Number.NaN, 2),
        over,
      ];
    }),
    notes: [
      `Memory: ${memorySessions} sessions per client, heapUsed after full GCs minus the heap before they opened, per session; median of ${memoryRounds} rounds. Streaming means 25 audio chunks/s in and 25 microphone frames/s out per session.`,
      `Sessions: steps of ${steps.join(', ')}; each step streams for ${stepMs / 1000} s (the first ${fixed(Math.min(500, stepMs / 3) / 1000, 2)} s not counted). The emulator runs on the other thread of this process, on the same 2 cores.`,
    ],
  };
}
