/**
 * (3) Added latency: from the emulator's `send` of a frame to the client's message callback, p50 and
 * p99, at idle (one session, one frame at a time) and under load (many sessions streaming audio
 * both ways in real time). The emulator runs on its own thread, so both ends read one monotonic
 * clock; what is measured includes the emulator's serialisation and the loopback socket, which are the
 * same for every client, so the difference to the floor is what a client adds.
 */
import { CLIENT_KINDS, type BenchClient, type ClientKind, openClient } from './clients';
import { nowMicros, stampOf } from './frames';
import { type BenchSettings, fixed, median, percentile, type ResultTable, roundOrder, sleep, startBenchEmulator } from './harness';
import { closeAll, latencyRecorder, openMany, streamFor } from './streaming';

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  /** Event-loop utilisation of this thread while streaming (load only). */
  readonly busy: number;
}

function percentiles(samples: readonly number[], busy = Number.NaN): Percentiles {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), busy };
}

export async function latencyBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const rounds = settings.quick ? 1 : 5;
  const idleFrames = settings.quick ? 10 : 200;
  const loadSessions = settings.quick ? 4 : 50;
  const loadMs = settings.quick ? 400 : 3000;
  const idle = new Map<ClientKind, Percentiles[]>();
  const loaded = new Map<ClientKind, Percentiles[]>();
  const emulator = await startBenchEmulator();
  const clients: BenchClient[] = [];
  try {
    // Idle: one client each, frames one at a time, far enough apart that none waits for another.
    const samples = new Map<ClientKind, number[]>();
    const connection = new Map<ClientKind, number>();
    for (const kind of CLIENT_KINDS) {
      const seen: number[] = [];
      samples.set(kind, seen);
      clients.push(
        await openClient(kind, {
          baseUrl: emulator.baseUrl,
          onMessage: (message) => {
            const stamp = stampOf(message);
            if (stamp !== undefined) seen.push((nowMicros() - stamp) / 1000);
          },
        }),
      );
      connection.set(kind, clients.length);
    }
    for (let round = 0; round < rounds + 1; round++) {
      for (const kind of roundOrder(CLIENT_KINDS, round)) {
        const seen = samples.get(kind) as number[];
        seen.length = 0;
        for (let frame = 0; frame < idleFrames; frame++) {
          emulator.stamp(connection.get(kind) as number, 'audio');
          await sleep(5);
        }
        await sleep(20);
        if (round > 0) idle.set(kind, [...(idle.get(kind) ?? []), percentiles(seen)]);
      }
    }
    await closeAll(clients.splice(0));
    // Under load: `loadSessions` sessions of one client streaming; every streamed frame is a sample.
    for (let round = 0; round < rounds; round++) {
      for (const kind of roundOrder(CLIENT_KINDS, round)) {
        const recorder = latencyRecorder();
        const sessions = await openMany(kind, emulator, loadSessions, recorder);
        let busy = Number.NaN;
        try {
          busy = await streamFor(emulator, sessions, recorder, loadMs, Math.min(500, loadMs / 3));
        } finally {
          await closeAll(sessions);
        }
        loaded.set(kind, [...(loaded.get(kind) ?? []), percentiles(recorder.samples, busy)]);
      }
    }
  } finally {
    await closeAll(clients);
    await emulator.close();
  }
  const summary = (runs: readonly Percentiles[] | undefined): Percentiles => ({
    p50: median((runs ?? []).map((run) => run.p50)),
    p99: median((runs ?? []).map((run) => run.p99)),
    busy: median((runs ?? []).map((run) => run.busy)),
  });
  const floorIdle = summary(idle.get('ws + JSON.parse'));
  const floorLoaded = summary(loaded.get('ws + JSON.parse'));
  return {
    title: 'Added latency: emulator send → subscriber callback (ms)',
    columns: ['client', 'idle p50', 'idle p99', `${loadSessions} streaming sessions p50`, `${loadSessions} streaming sessions p99`, 'p99 added over floor (idle / load)', 'main thread busy under load'],
    rows: CLIENT_KINDS.map((kind) => {
      const i = summary(idle.get(kind));
      const l = summary(loaded.get(kind));
      return [kind, fixed(i.p50, 3), fixed(i.p99, 3), fixed(l.p50, 3), fixed(l.p99, 3), `${fixed(i.p99 - floorIdle.p99, 3)} / ${fixed(l.p99 - floorLoaded.p99, 3)}`, `${fixed(100 * l.busy, 1)} %`];
    }),
    notes: [
      `Idle: ${idleFrames} stamped 40 ms audio chunks per client per round, 5 ms apart; under load: ${loadSessions} sessions of that client, each receiving 25 audio chunks/s and sending 25 microphone frames/s for ${loadMs / 1000} s (the first ${fixed(Math.min(500, loadMs / 3) / 1000, 2)} s not counted).`,
      `Medians over ${rounds} rounds of each round's p50 and p99. The floor's figures are the emulator's serialisation plus the loopback socket plus \`ws\`. "Main thread busy" is the event-loop utilisation of the clients' thread while streaming: their CPU cost, apart from the emulator's.`,
    ],
  };
}
