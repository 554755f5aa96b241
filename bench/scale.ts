/**
 * (4) Scale: memory per session, and how many concurrent real-time audio sessions one client process
 * sustains.
 *
 * The server is a minimal Live server in a child process (bench/scaleServer.ts), so its work runs on
 * the other core and never on the clients' event loop; everything stays on 127.0.0.1.
 *
 * Memory is a child process's heap after full collections (`heapUsed`, and `external` for the
 * `Buffer`s sockets hold), one process per client and round (bench/memoryProbe.ts), as a marginal
 * cost: the reading with 2N sessions open minus the one with N, over N.
 *
 * Sessions: one client type at a time, in a shuffled order each round, opens sessions in steps; at
 * each step every session streams 25 microphone frames/s out while the server streams 25 audio
 * chunks/s in. A step passes while this process's event-loop delay p99 is at most 20 ms and its CPU
 * use at most 90 % of one core; a failing step is run once more, and the search for that client ends
 * when a step fails twice (or at the cap, or when its time runs out).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BENCH_KEYS, CLIENT_KINDS, type BenchClient, type ClientKind } from './clients';
import { type BenchSettings, fixed, median, ratio, type ResultTable, roundOrder, settledMemory, sleep } from './harness';
import { type Footprint, probeMemory } from './memoryProbe';
import { startScaleServer, type ScaleServer, STREAM_SLICES } from './scaleServer';
import { closeAll, FRAME_MS, latencyRecorder, type LatencyRecorder, MIC_FRAME, openMany } from './streaming';

const P99_BUDGET_MS = 20;
const CPU_BUDGET = 0.9;



/** One step of one client: how this process fared with `sessions` sessions streaming. */
interface StepReading {
  readonly sessions: number;
  readonly p99Ms: number;
  /** CPU time over wall time, of one core. */
  readonly cpu: number;
  readonly cpuMicrosPerSessionSecond: number;
  readonly serverCpu: number;
  /** Heap after full collections with these sessions open, before streaming. */
  readonly heap: number;
}

interface SearchResult {
  readonly sustained?: StepReading;
  readonly over?: StepReading;
  /** The step with the most sessions that ran, passed or not: CPU per session-second is read there. */
  readonly largest?: StepReading;
  /** Heap per session: the slope of the settled heap between the first step and the sustained one. */
  readonly heapPerSession: number;
  readonly stoppedBy: 'budget' | 'cap' | 'time';
}

const passes = (reading: StepReading): boolean => reading.p99Ms <= P99_BUDGET_MS && reading.cpu <= CPU_BUDGET;

/** Streams every session for `durationMs` and measures the stretch after `warmUpMs`. */
async function measureStep(server: ScaleServer, clients: readonly BenchClient[], recorder: LatencyRecorder, durationMs: number, warmUpMs: number, heap: number): Promise<StepReading> {
  const kind = clients[0]?.kind as ClientKind;
  // Each session sends in its own slice of the frame interval, as the server does (STREAM_SLICES).
  let tick = 0;
  let sent = 0;
  const mic = setInterval(() => {
    const slice = tick++ % STREAM_SLICES;
    for (let index = slice; index < clients.length; index += STREAM_SLICES) {
      clients[index]?.sendAudio(MIC_FRAME);
      sent++;
    }
  }, FRAME_MS / STREAM_SLICES);
  server.stream(FRAME_MS, BENCH_KEYS[kind]);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let measured: Omit<StepReading, 'serverCpu'>;
  try {
    await sleep(warmUpMs);
    delay.enable();
    recorder.samples.length = 0;
    recorder.recording = true;
    const sentBefore = sent;
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    await sleep(durationMs - warmUpMs);
    const used = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - wallStart;
    recorder.recording = false;
    delay.disable();
    const cpuMicros = used.user + used.system;
    // A late event loop skips timer ticks (here and in the server), so fewer frames move than 25/s
    // each way: the CPU is divided by the frames that did move, as session-seconds of 50 frames.
    const sessionSeconds = (sent - sentBefore + recorder.samples.length) / (2 * (1000 / FRAME_MS));
    measured = {
      sessions: clients.length,
      p99Ms: delay.percentile(99) / 1e6,
      cpu: cpuMicros / 1000 / wallMs,
      cpuMicrosPerSessionSecond: sessionSeconds > 0 ? cpuMicros / sessionSeconds : Number.NaN,
      heap,
    };
  } finally {
    clearInterval(mic);
  }
  return { ...measured, serverCpu: await server.stopStream() };
}

async function search(kind: ClientKind, server: ScaleServer, steps: readonly number[], stepMs: number, warmUpMs: number, budgetMs: number): Promise<SearchResult> {
  const began = performance.now();
  const clients: BenchClient[] = [];
  const recorder = latencyRecorder();
  let sustained: StepReading | undefined;
  let first: StepReading | undefined;
  let over: StepReading | undefined;
  let stoppedBy: SearchResult['stoppedBy'] = 'cap';
  try {
    for (const step of steps) {
      if (performance.now() - began > budgetMs) {
        stoppedBy = 'time';
        break;
      }
      clients.push(...(await openMany(kind, server, step - clients.length, recorder, 25)));
      const heap = (await settledMemory()).heap;
      let reading: StepReading | undefined;
      for (let attempt = 0; attempt < 2 && (reading === undefined || !passes(reading)); attempt++) {
        reading = await measureStep(server, clients, recorder, stepMs, warmUpMs, heap);
      }
      const result = reading as StepReading;
      first ??= result;
      if (!passes(result)) {
        over = result;
        stoppedBy = 'budget';
        break;
      }
      sustained = result;
    }
  } finally {
    await closeAll(clients);
  }
  const heapPerSession =
    sustained !== undefined && first !== undefined && sustained.sessions > first.sessions ? (sustained.heap - first.heap) / (sustained.sessions - first.sessions) : Number.NaN;
  return { sustained, over, largest: over ?? sustained, heapPerSession, stoppedBy };
}

export async function scaleBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const memorySessions = settings.quick ? 2 : 200;
  const memoryRounds = settings.quick ? 1 : 3;
  const searchRounds = settings.quick ? 1 : 2;
  const steps = settings.quick ? [2, 4] : [50, 100, 200, 300, 400, 500, 600, 700, 800, 1000, 1200, 1400, 1600];
  const stepMs = settings.quick ? 300 : 2000;
  const warmUpMs = settings.quick ? 100 : 500;
  const searchBudgetMs = settings.quick ? 10_000 : 45_000;
  const idle = new Map<ClientKind, Footprint[]>();
  const streaming = new Map<ClientKind, Footprint[]>();
  const searches = new Map<ClientKind, SearchResult[]>();
  const server = await startScaleServer();
  try {
    for (let round = 0; round < memoryRounds; round++) {
      for (const kind of roundOrder(CLIENT_KINDS, round)) {
        const reading = await probeMemory(kind, server, memorySessions);
        idle.set(kind, [...(idle.get(kind) ?? []), reading.idle]);
        streaming.set(kind, [...(streaming.get(kind) ?? []), reading.streaming]);
      }
    }
    for (let round = 0; round < searchRounds; round++) {
      // A different seed from the memory rounds, so the first client differs between the two parts.
      for (const kind of roundOrder(CLIENT_KINDS, round + memoryRounds)) {
        const result = await search(kind, server, steps, stepMs, warmUpMs, searchBudgetMs);
        searches.set(kind, [...(searches.get(kind) ?? []), result]);
      }
    }
  } finally {
    await server.close();
  }
  const kib = (bytes: number): string => fixed(bytes / 1024, 1);
  const footprint = (runs: readonly Footprint[] | undefined): string =>
    `${kib(median((runs ?? []).map((run) => run.heap)))} + ${kib(median((runs ?? []).map((run) => run.external)))}`;
  const cap = steps[steps.length - 1] as number;
  const summary = new Map(
    CLIENT_KINDS.map((kind) => {
      const runs = searches.get(kind) ?? [];
      const of = (read: (reading: StepReading) => number): number => median(runs.flatMap((run) => (run.sustained === undefined ? [] : [read(run.sustained)])));
      return [
        kind,
        {
          sessions: median(runs.map((run) => run.sustained?.sessions ?? 0)),
          // A rate, so it is read at the largest step, where fixed costs (timers, GC) weigh least; a
          // step that failed on p99 alone still measured it.
          cpuPerSessionSecond: median(runs.flatMap((run) => (run.largest === undefined ? [] : [run.largest.cpuMicrosPerSessionSecond]))),
          p99: of((reading) => reading.p99Ms),
          cpu: of((reading) => reading.cpu),
          serverCpu: of((reading) => reading.serverCpu),
          heapPerSession: median(runs.map((run) => run.heapPerSession).filter(Number.isFinite)),
          idleHeap: median((idle.get(kind) ?? []).map((run) => run.heap)),
          over: runs.map((run) =>
            run.over !== undefined
              ? `${run.over.sessions}: p99 ${fixed(run.over.p99Ms, 1)} ms, CPU ${fixed(100 * run.over.cpu, 0)} %`
              : run.stoppedBy === 'time'
                ? 'time up'
                : `none up to ${cap}`,
          ),
        },
      ] as const;
    }),
  );
  const floor = summary.get('ws + JSON.parse');
  const sdk = summary.get('@google/genai');
  return {
    title: 'Scale: memory per session and concurrent real-time audio sessions',
    columns: [
      'client',
      'idle session: heap + external (KiB)',
      'streaming session: heap + external (KiB)',
      'sessions sustained (median)',
      'vs floor / vs SDK',
      'CPU µs per session-second (largest step)',
      'vs floor / vs SDK',
      'sessions at 90 % CPU (projected)',
      'event-loop p99 there (ms)',
      'CPU there (client / server)',
      'heap per session while stepping (KiB)',
      'first step over budget, per round',
    ],
    rows: CLIENT_KINDS.map((kind) => {
      const row = summary.get(kind);
      if (row === undefined) return [kind];
      return [
        kind,
        footprint(idle.get(kind)),
        footprint(streaming.get(kind)),
        `${row.sessions}`,
        `${ratio(row.sessions, floor?.sessions ?? Number.NaN)} / ${ratio(row.sessions, sdk?.sessions ?? Number.NaN)}`,
        fixed(row.cpuPerSessionSecond, 0),
        `${ratio(row.cpuPerSessionSecond, floor?.cpuPerSessionSecond ?? Number.NaN)} / ${ratio(row.cpuPerSessionSecond, sdk?.cpuPerSessionSecond ?? Number.NaN)}`,
        fixed((CPU_BUDGET * 1e6) / row.cpuPerSessionSecond, 0),
        fixed(row.p99, 1),
        `${fixed(100 * row.cpu, 0)} % / ${fixed(100 * row.serverCpu, 0)} %`,
        kib(row.heapPerSession),
        row.over.join('; '),
      ];
    }),
    notes: [
      `Memory: one client at a time, in a child process of its own, the heap (heapUsed, and external) after full GCs with ${2 * memorySessions} sessions open minus the same with ${memorySessions}, divided by ${memorySessions}; median of ${memoryRounds} rounds. Each client and round is measured in a fresh child process (bench/memoryProbe.ts), so no client's leftovers reach another's readings; compiled code (shared by all sessions, and compiled as paths first run) is left out. Streaming: the idle cost plus what the heap holds beyond the idle reading, per session, while all of them stream 25 audio chunks/s in and 25 microphone frames/s out.`,
      `Sessions: ${searchRounds} round(s), one client type at a time in a shuffled order; steps of ${steps.join(', ')} sessions, each streaming for ${stepMs / 1000} s (the first ${warmUpMs / 1000} s not counted), 25 frames/s each way per session, the sessions spread over ${STREAM_SLICES} slices of the 40 ms frame interval (real sessions are not in step); a step passes while the event-loop delay p99 ≤ ${P99_BUDGET_MS} ms and CPU ≤ ${100 * CPU_BUDGET} % of one core; a failing step is run again, and the search ends when it fails twice, at the cap, or after ${searchBudgetMs / 1000} s. Figures are medians over rounds, read at the last step that passed.`,
      `"Sessions at 90 % CPU" divides 90 % of one core by the CPU per session-second: what the client could hold if only its own CPU time counted. On a shared machine the event-loop p99 fails first, at low CPU, whenever the neighbours take the cores (the process is descheduled, and its timers run late); this projection is the figure that the neighbours' load moves least.`,
      'The server is a minimal Live server (setupComplete, then stamped 40 ms audio chunks; it reads frames without parsing them) in a child process, on the other core; its CPU use is shown beside the client\'s, so a run where the server saturated can be told apart.',
    ],
  };
}
