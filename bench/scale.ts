/**
 * (4) Scale: memory per idle and per streaming session, and how many concurrent real-time audio
 * sessions this process sustains before the p99 of the added latency passes 20 ms.
 *
 * Memory is this thread's heap after full collections (`heapUsed`, and `external` for the `Buffer`s
 * sockets hold); the emulator's heap belongs to its worker and is not counted. For the session count,
 * all three clients keep their sessions open side by side and grow them in steps up to a cap; at each
 * step the clients stream in turn (rotated), so a change of the machine's load hits them alike, and a
 * client stops at its first step whose p99 is over the budget.
 */
import { CLIENT_KINDS, type BenchClient, type ClientKind } from './clients';
import { type BenchSettings, fixed, median, percentile, type ResultTable, rotated, settledMemory, sleep, startBenchEmulator } from './harness';
import { closeAll, latencyRecorder, type LatencyRecorder, openMany, streamFor } from './streaming';

const P99_BUDGET_MS = 20;

interface Footprint {
  readonly heap: number;
  readonly external: number;
}

interface Search {
  readonly recorder: LatencyRecorder;
  readonly clients: BenchClient[];
  sustained: { sessions: number; p99: number };
  over?: { sessions: number; p99: number };
}

export async function scaleBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const memorySessions = settings.quick ? 4 : 100;
  const memoryRounds = settings.quick ? 1 : 3;
  const steps = settings.quick ? [2, 4] : [10, 25, 50, 75, 100, 125, 150, 175, 200];
  const stepMs = settings.quick ? 300 : 2500;
  const warmUpMs = Math.min(500, stepMs / 3);
  const idle = new Map<ClientKind, Footprint[]>();
  const streaming = new Map<ClientKind, Footprint[]>();
  const searches = new Map<ClientKind, Search>();
  const emulator = await startBenchEmulator();
  try {
    // Round 0 is a warm-up (first-use costs: lazily loaded code, pools), not counted.
    for (let round = 0; round < memoryRounds + 1; round++) {
      for (const kind of rotated(CLIENT_KINDS, round)) {
        const recorder = latencyRecorder();
        const before = await settledMemory();
        const clients = await openMany(kind, emulator, memorySessions, recorder);
        try {
          const opened = await settledMemory();
          let during: Footprint | undefined;
          await Promise.all([
            streamFor(emulator, clients, recorder, stepMs, 0),
            sleep(stepMs / 2).then(async () => void (during = await settledMemory())),
          ]);
          const perSession = (after: Footprint): Footprint => ({
            heap: (after.heap - before.heap) / memorySessions,
            external: (after.external - before.external) / memorySessions,
          });
          if (round > 0) {
            idle.set(kind, [...(idle.get(kind) ?? []), perSession(opened)]);
            if (during !== undefined) streaming.set(kind, [...(streaming.get(kind) ?? []), perSession(during)]);
          }
        } finally {
          await closeAll(clients);
          // Closed sockets finish their close handshakes before the next reading.
          await sleep(200);
        }
      }
    }
    for (const kind of CLIENT_KINDS) searches.set(kind, { recorder: latencyRecorder(), clients: [], sustained: { sessions: 0, p99: Number.NaN } });
    for (const [index, step] of steps.entries()) {
      for (const kind of rotated(CLIENT_KINDS, index)) {
        const search = searches.get(kind) as Search;
        if (search.over !== undefined) continue;
        search.clients.push(...(await openMany(kind, emulator, step - search.clients.length, search.recorder)));
        search.recorder.samples.length = 0;
        await streamFor(emulator, search.clients, search.recorder, stepMs, warmUpMs);
        const p99 = percentile(search.recorder.samples, 99);
        if (p99 <= P99_BUDGET_MS) search.sustained = { sessions: step, p99 };
        else search.over = { sessions: step, p99 };
      }
    }
  } finally {
    for (const search of searches.values()) await closeAll(search.clients);
    await emulator.close();
  }
  const kib = (bytes: number): string => fixed(bytes / 1024, 1);
  const footprint = (runs: readonly Footprint[] | undefined): string =>
    `${kib(median((runs ?? []).map((run) => run.heap)))} + ${kib(median((runs ?? []).map((run) => run.external)))}`;
  const cap = steps[steps.length - 1] as number;
  return {
    title: 'Scale: memory per session and concurrent real-time audio sessions',
    columns: ['client', 'idle session: heap + external (KiB)', 'streaming session: heap + external (KiB)', `sessions sustained (p99 ≤ ${P99_BUDGET_MS} ms, cap ${cap})`, 'p99 there (ms)', 'first step over budget'],
    rows: CLIENT_KINDS.map((kind) => {
      const search = searches.get(kind);
      const sustained = search?.sustained ?? { sessions: 0, p99: Number.NaN };
      const over = search?.over === undefined ? 'none up to the cap' : `${search.over.sessions} sessions: p99 ${fixed(search.over.p99, 1)} ms`;
      return [
        kind,
        footprint(idle.get(kind)),
        footprint(streaming.get(kind)),
        `${sustained.sessions}${search?.over === undefined && sustained.sessions === cap ? '+' : ''}`,
        fixed(sustained.p99, 2),
        over,
      ];
    }),
    notes: [
      `Memory: ${memorySessions} sessions of one client at a time; heapUsed and external after full GCs, minus the same before they opened, per session; median of ${memoryRounds} rounds after a warm-up round. Streaming means 25 audio chunks/s in and 25 microphone frames/s out per session, read half-way through ${stepMs / 1000} s of it.`,
      `Sessions: steps of ${steps.join(', ')}; at each step each client streams for ${stepMs / 1000} s (the first ${fixed(warmUpMs / 1000, 2)} s not counted) while the others' sessions stay open and idle. The emulator runs on the other thread of this process, on the same 2 cores, and does its share of the work (serialising 25 frames/s and checking 25 microphone frames/s per session).`,
    ],
  };
}
