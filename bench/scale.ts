/**
 * (4) Scale: memory per idle and per streaming session, and how many concurrent real-time audio
 * sessions this process sustains before the p99 of the added latency passes 20 ms.
 *
 * Memory is this thread's heap after full collections (`heapUsed`, and `external` for the `Buffer`s
 * sockets hold); the emulator's heap belongs to its worker and is not counted. For the session count,
 * all three clients keep their sessions open side by side and grow them in steps up to a cap; at each
 * step the clients stream in turn (roundOrder), so a change of the machine's load hits them alike, and a
 * client stops at its first step whose p99 is over the budget.
 */
import { CLIENT_KINDS, type BenchClient, type ClientKind } from './clients';
import { type BenchSettings, fixed, median, percentile, type ResultTable, roundOrder, settledMemory, sleep, startBenchEmulator } from './harness';
import { closeAll, latencyRecorder, type LatencyRecorder, openMany, streamFor } from './streaming';

const P99_BUDGET_MS = 20;

interface Footprint {
  readonly heap: number;
  readonly external: number;
}

interface Search {
  readonly recorder: LatencyRecorder;
  readonly clients: BenchClient[];
  sustained: { sessions: number; p99: number; busy: number };
  over?: { sessions: number; p99: number };
}

export async function scaleBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const memorySessions = settings.quick ? 2 : 50;
  const memoryRounds = settings.quick ? 1 : 3;
  const steps = settings.quick ? [2, 4] : [10, 25, 50, 75, 100, 125, 150, 175, 200];
  const stepMs = settings.quick ? 300 : 2500;
  const warmUpMs = Math.min(500, stepMs / 3);
  const idle = new Map<ClientKind, Footprint[]>();
  const streaming = new Map<ClientKind, Footprint[]>();
  const searches = new Map<ClientKind, Search>();
  const emulator = await startBenchEmulator();
  try {
    // Marginal cost: the heap with 2N sessions minus the heap with N, over N. Measuring from zero
    // sessions instead picks up whatever the previous client left for a later collection (a fixed
    // few hundred KiB that showed up as a negative cost per session for the next client).
    for (let round = 0; round < memoryRounds; round++) {
      for (const kind of roundOrder(CLIENT_KINDS, round)) {
        const recorder = latencyRecorder();
        const clients = await openMany(kind, emulator, memorySessions, recorder);
        try {
          const readings: { idle: Footprint; streaming: Footprint }[] = [];
          for (let half = 0; half < 2; half++) {
            if (half === 1) clients.push(...(await openMany(kind, emulator, memorySessions, recorder)));
            const idleNow = await settledMemory();
            let during: Footprint = idleNow;
            await Promise.all([
              streamFor(emulator, clients, recorder, stepMs, 0),
              sleep(stepMs / 2).then(async () => void (during = await settledMemory())),
            ]);
            readings.push({ idle: idleNow, streaming: during });
          }
          const [one, two] = readings as [{ idle: Footprint; streaming: Footprint }, { idle: Footprint; streaming: Footprint }];
          const perSession = (from: Footprint, to: Footprint): Footprint => ({
            heap: (to.heap - from.heap) / memorySessions,
            external: (to.external - from.external) / memorySessions,
          });
          idle.set(kind, [...(idle.get(kind) ?? []), perSession(one.idle, two.idle)]);
          streaming.set(kind, [...(streaming.get(kind) ?? []), perSession(one.streaming, two.streaming)]);
        } finally {
          await closeAll(clients);
        }
      }
    }
    for (const kind of CLIENT_KINDS) searches.set(kind, { recorder: latencyRecorder(), clients: [], sustained: { sessions: 0, p99: Number.NaN, busy: Number.NaN } });
    for (const [index, step] of steps.entries()) {
      for (const kind of roundOrder(CLIENT_KINDS, index)) {
        const search = searches.get(kind) as Search;
        if (search.over !== undefined) continue;
        search.clients.push(...(await openMany(kind, emulator, step - search.clients.length, search.recorder)));
        // A step over budget is run once more, and fails only if it is over again: a neighbour's
        // burst on this shared machine should not end the search.
        let p99 = Number.POSITIVE_INFINITY;
        let busy = Number.NaN;
        for (let attempt = 0; attempt < 2 && !(p99 <= P99_BUDGET_MS); attempt++) {
          search.recorder.samples.length = 0;
          busy = await streamFor(emulator, search.clients, search.recorder, stepMs, warmUpMs);
          p99 = Math.min(p99, percentile(search.recorder.samples, 99));
        }
        if (p99 <= P99_BUDGET_MS) search.sustained = { sessions: step, p99, busy };
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
    columns: ['client', 'idle session: heap + external (KiB)', 'streaming session: heap + external (KiB)', `sessions sustained (p99 ≤ ${P99_BUDGET_MS} ms, cap ${cap})`, 'p99 there (ms)', 'main thread busy there', 'first step over budget'],
    rows: CLIENT_KINDS.map((kind) => {
      const search = searches.get(kind);
      const sustained = search?.sustained ?? { sessions: 0, p99: Number.NaN, busy: Number.NaN };
      const over = search?.over === undefined ? 'none up to the cap' : `${search.over.sessions} sessions: p99 ${fixed(search.over.p99, 1)} ms`;
      return [
        kind,
        footprint(idle.get(kind)),
        footprint(streaming.get(kind)),
        `${sustained.sessions}${search?.over === undefined && sustained.sessions === cap ? '+' : ''}`,
        fixed(sustained.p99, 2),
        `${fixed(100 * sustained.busy, 1)} %`,
        over,
      ];
    }),
    notes: [
      `Memory: one client at a time, the heap (heapUsed, and external) after full GCs with ${2 * memorySessions} sessions open minus the same with ${memorySessions}, divided by ${memorySessions}; median of ${memoryRounds} rounds. Streaming: the same, read half-way through ${stepMs / 1000} s of all sessions streaming 25 audio chunks/s in and 25 microphone frames/s out.`,
      `Sessions: steps of ${steps.join(', ')}; at each step each client streams for ${stepMs / 1000} s (the first ${fixed(warmUpMs / 1000, 2)} s not counted) while the others' sessions stay open and idle; a step over budget is run a second time and counts as over only if both runs are. The emulator runs on the other thread of this process, on the same 2 cores, and does its share of the work (serialising 25 frames/s and checking 25 microphone frames/s per session).`,
    ],
  };
}
