/**
 * (1) Receive path: server frames per second decoded and delivered to a subscriber.
 *
 * Each round, the emulator worker writes a flood of model chunks to one client while the main thread
 * blocks, so the frames wait in the socket buffers; then the clock runs from the moment the main
 * thread is free until the subscriber has seen the last frame. Only the client's work is timed (the
 * emulator's JSON.stringify ran before the clock started, its socket writes run on the other thread).
 */
import { CLIENT_KINDS, type BenchClient, type ClientKind, openClient } from './clients';
import { isModelChunk } from './frames';
import { type BenchSettings, fixed, median, ratio, type ResultTable, roundOrder, startBenchEmulator } from './harness';
import type { FrameKind } from './frames';

/** Frames a client has delivered, and who waits for a number of them. */
interface Counter {
  seen: number;
  waiting: { count: number; resolve: () => void } | undefined;
}

interface Flooded {
  readonly client: BenchClient;
  readonly connection: number;
  readonly counter: Counter;
}

export async function receiveBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const rounds = settings.quick ? 2 : 15;
  const counts: Record<FrameKind, number> = settings.quick ? { text: 500, audio: 200 } : { text: 20_000, audio: 4_000 };
  const emulator = await startBenchEmulator();
  const clients = new Map<ClientKind, Flooded>();
  try {
    let connection = 0;
    for (const kind of CLIENT_KINDS) {
      const counter: Counter = { seen: 0, waiting: undefined };
      const client = await openClient(kind, {
        baseUrl: emulator.baseUrl,
        onMessage: (message) => {
          if (!isModelChunk(message)) return;
          counter.seen++;
          if (counter.waiting !== undefined && counter.seen >= counter.waiting.count) counter.waiting.resolve();
        },
      });
      clients.set(kind, { client, connection: ++connection, counter });
    }
    const rates = new Map<string, number[]>();
    for (let round = 0; round < rounds + 1; round++) {
      for (const frameKind of ['text', 'audio'] as const) {
        for (const kind of roundOrder(CLIENT_KINDS, round)) {
          const { connection: index, counter } = clients.get(kind) as Flooded;
          const count = counts[frameKind];
          const target = counter.seen + count;
          const delivered = new Promise<void>((resolve) => (counter.waiting = { count: target, resolve }));
          emulator.floodBlocking(index, frameKind, count);
          const started = performance.now();
          await delivered;
          const seconds = (performance.now() - started) / 1000;
          counter.waiting = undefined;
          // Round 0 warms up the JIT and the sockets.
          if (round > 0) rates.set(`${kind}/${frameKind}`, [...(rates.get(`${kind}/${frameKind}`) ?? []), count / seconds]);
        }
      }
    }
    const rows: string[][] = [];
    for (const frameKind of ['text', 'audio'] as const) {
      const floor = median(rates.get(`ws + JSON.parse/${frameKind}`) ?? []);
      const sdk = median(rates.get(`@google/genai/${frameKind}`) ?? []);
      for (const kind of CLIENT_KINDS) {
        const rate = median(rates.get(`${kind}/${frameKind}`) ?? []);
        rows.push([
          frameKind === 'text' ? 'text chunk' : 'audio chunk (40 ms, 24 kHz)',
          kind,
          fixed(rate / 1000, 1),
          ratio(floor, rate),
          ratio(rate, sdk),
        ]);
      }
    }
    return {
      title: 'Receive path: frames decoded and delivered per second',
      columns: ['frame', 'client', 'k frames/s (median)', 'time vs floor', 'speed vs SDK'],
      rows,
      notes: [
        `${rounds} rounds (after one warm-up round) of ${counts.text} text chunks and ${counts.audio} audio chunks per client, clients in roundOrder order.`,
        '"time vs floor" is time per frame divided by the floor\'s (target ≤ 1.30×); "speed vs SDK" is frames/s divided by the SDK\'s (target ≥ 1.00×).',
      ],
    };
  } finally {
    for (const state of clients.values()) await state.client.close();
    await emulator.close();
  }
}
