/**
 * What every benchmark shares: the emulator on a worker thread, the machine line, statistics, a
 * heap reading after a full GC, and result tables.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { EmulatorOptions } from '../lib/testing/emulator/options';
import type { FrameKind, WorkerCommand, WorkerData, WorkerReply } from './frames';

/** How long a benchmark runs: `quick` is the smoke run (a couple of rounds, small sizes). */
export interface BenchSettings {
  readonly quick: boolean;
}

/** One result table, printed to the console and written to `docs/benchmarks.md`. */
export interface ResultTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Sentences under the table: what was measured, how many rounds. */
  readonly notes: readonly string[];
}

export function machineLine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${gib(totalmem())} RAM (${gib(freemem())} free), Node ${process.version}, ${process.platform}/${process.arch}, load average at start ${load}`;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Fixed-point formatting that keeps NaN visible. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function ratio(value: number, reference: number): string {
  return Number.isFinite(value) && Number.isFinite(reference) && reference !== 0 ? `${(value / reference).toFixed(2)}×` : 'n/a';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The items in a different order each round: a shuffle seeded by the round, so runs repeat. Not a
 * rotation, which keeps neighbours together: whatever runs right after a costly contender pays for
 * some of its aftermath (the emulator still reading its frames), and must not always be the same one.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const order = [...items];
  // mulberry32, seeded by the round.
  let seed = (round + 1) * 0x9e3779b9;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as T, order[index] as T];
  }
  return order;
}

/**
 * `global.gc`, exposed at run time when the process was not started with `--expose-gc` (the V8 flag
 * can be set late; a fresh context then sees `gc`).
 */
const collect: () => void = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * This thread's memory after full collections (several, so weak references and finalizers settle):
 * the JS heap in use, `external` (buffers outside it, such as sockets' `Buffer`s), and the part of the
 * heap that is compiled code (it grows for a while as V8 optimises hot functions).
 */
export async function settledMemory(): Promise<{ heap: number; external: number; code: number }> {
  for (let pass = 0; pass < 3; pass++) {
    collect();
    await sleep(10);
  }
  collect();
  const usage = process.memoryUsage();
  const code = getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith('code'))
    .reduce((total, space) => total + space.space_used_size, 0);
  return { heap: usage.heapUsed, external: usage.external, code };
}

/** A full collection now, so a timed stretch does not pay for garbage made before it. */
export function collectGarbage(): void {
  collect();
}

/** The JS heap in use after full collections. */
export async function settledHeap(): Promise<number> {
  return (await settledMemory()).heap;
}

/** The emulator, running on a worker thread. */
export interface BenchEmulator {
  readonly baseUrl: string;
  /**
   * Has the emulator write `count` model chunks to connection `connection` (1-based) while this thread
   * blocks, so they wait in socket buffers; returns once they are all written.
   */
  floodBlocking(connection: number, kind: FrameKind, count: number): void;
  /** Sends one frame stamped with the send time. */
  stamp(connection: number, kind: FrameKind): void;
  /** Starts streaming stamped audio frames to every open connection whose URL contains `urlContains`. */
  stream(intervalMs: number, framesPerTick: number, urlContains?: string): void;
  stopStream(): Promise<void>;
  connectionCount(): Promise<{ connections: number; open: number }>;
  close(): Promise<void>;
}

const FLOOD_TIMEOUT_MS = 30_000;

export async function startBenchEmulator(options: EmulatorOptions = {}): Promise<BenchEmulator> {
  const signal = new SharedArrayBuffer(4);
  const done = new Int32Array(signal);
  const data: WorkerData = { options, signal };
  // Workers do not inherit tsx's loader: the worker registers it before importing the TypeScript.
  const entry = new URL('./emulatorWorker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: data });
  const waiters: { op: WorkerReply['op']; resolve: (reply: WorkerReply) => void }[] = [];
  worker.on('message', (reply: WorkerReply) => {
    const index = waiters.findIndex((waiter) => waiter.op === reply.op);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(reply);
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const next = <K extends WorkerReply['op']>(op: K): Promise<Extract<WorkerReply, { op: K }>> =>
    Promise.race([failed, new Promise<WorkerReply>((resolve) => waiters.push({ op, resolve }))]) as Promise<Extract<WorkerReply, { op: K }>>;
  const send = (command: WorkerCommand): void => worker.postMessage(command);
  const ready = await next('ready');
  return {
    baseUrl: ready.baseUrl,
    floodBlocking: (connection, kind, count) => {
      Atomics.store(done, 0, 0);
      send({ op: 'flood', connection, kind, count });
      if (Atomics.wait(done, 0, 0, FLOOD_TIMEOUT_MS) === 'timed-out') throw new Error('the emulator worker did not finish a flood in time');
    },
    stamp: (connection, kind) => send({ op: 'stamp', connection, kind }),
    stream: (intervalMs, framesPerTick, urlContains) => send({ op: 'stream', intervalMs, framesPerTick, urlContains }),
    stopStream: async () => {
      const stopped = next('stopped');
      send({ op: 'stopStream' });
      await stopped;
    },
    connectionCount: async () => {
      const counted = next('count');
      send({ op: 'count' });
      const reply = await counted;
      return { connections: reply.connections, open: reply.open };
    },
    close: async () => {
      const closed = next('closed');
      send({ op: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}

/** A Markdown table (also how the console shows it). */
export function markdownTable(table: ResultTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(table.columns), line(table.columns.map(() => '---')), ...table.rows.map(line)].join('\n');
}
