/**
 * Memory per session, measured in a fresh child process for each client and round: one client's
 * sockets, caches and compiled code never linger into another's readings (in one shared process the
 * difference between two readings picked up whatever the previous client left to the collector).
 *
 * The child opens N sessions and reads the heap after full collections, opens N more and reads again
 * (the idle cost per session is the difference over N); then all 2N stream 25 microphone frames/s out
 * while the server streams 25 audio chunks/s in, and a third reading taken meanwhile, over 2N, is
 * what streaming adds to a session. Compiled code is counted in neither: it is shared by all
 * sessions, and V8 compiles paths as they first run. The parent starts and stops the server's stream when asked.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BENCH_KEYS, type ClientKind } from './clients';
import { settledMemory, sleep } from './harness';
import type { ScaleServer } from './scaleServer';
import { closeAll, FRAME_MS, latencyRecorder, MIC_FRAME, openMany } from './streaming';

export interface Footprint {
  readonly heap: number;
  readonly external: number;
}

export interface MemoryReading {
  readonly idle: Footprint;
  readonly streaming: Footprint;
}

/** A `settledMemory()` reading: the heap, external buffers, and the compiled code inside the heap. */
type Reading = Footprint & { readonly code: number };

type ProbeMessage = { readonly op: 'stream' } | { readonly op: 'result'; readonly reading: MemoryReading };

const PROBE_FILE = fileURLToPath(import.meta.url);
const STREAM_MS = 1600;

/** Runs one probe: `kind`'s clients against the scale server, `sessions` then twice as many. */
export function probeMemory(kind: ClientKind, server: ScaleServer, sessions: number): Promise<MemoryReading> {
  const child = fork(PROBE_FILE, ['--probe', kind, String(sessions), server.baseUrl], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<MemoryReading>((resolve, reject) => {
    let result: MemoryReading | undefined;
    child.on('message', (message: ProbeMessage) => {
      if (message.op === 'stream') server.stream(FRAME_MS, BENCH_KEYS[kind]);
      else {
        result = message.reading;
        void server.stopStream();
      }
    });
    child.once('exit', (code) => (result === undefined ? reject(new Error(`the memory probe for ${kind} exited (code ${String(code)})`)) : resolve(result)));
  });
}

async function probe(kind: ClientKind, sessions: number, baseUrl: string): Promise<void> {
  const recorder = latencyRecorder();
  const clients = await openMany(kind, { baseUrl }, sessions, recorder);
  const one = await settledMemory();
  clients.push(...(await openMany(kind, { baseUrl }, sessions, recorder)));
  const two = await settledMemory();
  process.send?.({ op: 'stream' } satisfies ProbeMessage);
  const mic = setInterval(() => {
    for (const client of clients) client.sendAudio(MIC_FRAME);
  }, FRAME_MS);
  await sleep(STREAM_MS / 2);
  const during = await settledMemory();
  await sleep(STREAM_MS / 2);
  clearInterval(mic);
  // Compiled code is left out: V8 compiles the streaming path as it first runs (a heap snapshot shows
  // it as most of the growth), and that code is shared by every session, not owned by one.
  const per = (from: Reading, to: Reading, count: number): Footprint => ({
    heap: (to.heap - to.code - (from.heap - from.code)) / count,
    external: (to.external - from.external) / count,
  });
  const idle = per(one, two, sessions);
  const extra = per(two, during, clients.length);
  const reading: MemoryReading = { idle, streaming: { heap: idle.heap + extra.heap, external: idle.external + extra.external } };
  process.send?.({ op: 'result', reading } satisfies ProbeMessage);
  await closeAll(clients);
  process.disconnect();
}

const at = process.argv.indexOf('--probe');
if (at >= 0) await probe(process.argv[at + 1] as ClientKind, Number(process.argv[at + 2]), process.argv[at + 3] as string);
