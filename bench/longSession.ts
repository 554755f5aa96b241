/**
 * (5) Long session: heap over 30 simulated minutes of audio with goAway/resume cycles.
 *
 * The emulator ends every connection after a short lifetime with `goAway` first; on each `goAway`
 * the benchmark itself opens a new session with the newest resumption handle and unsubscribes the
 * old one (it does not rely on a reconnect option). Audio flows both ways at an accelerated pace:
 * the emulator streams model audio and the client streams microphone frames, each `SPEED` times
 * faster than real time. Simulated time is the microphone audio sent. The heap is read after full
 * collections once per simulated minute; the result is the least-squares slope.
 */
import { of, type Subscription } from 'rxjs';
import type { LiveServerMessage } from '../lib/protocol/serverMessages';
import type { LiveRealtimeInput } from '../lib/protocol/toRealtimeInput';
import type { LiveSession } from '../lib/session/liveSession';
import { benchSession } from './clients';
import { type BenchSettings, fixed, type ResultTable, settledMemory, sleep, startBenchEmulator } from './harness';
import { FRAME_MS } from './streaming';
import { audio } from './ours';

/** How much faster than real time audio flows. */
const SPEED = 30;
const TICK_MS = 20;
const FRAMES_PER_TICK = (SPEED * TICK_MS) / FRAME_MS;
const LIFETIME_MS = 400;
const GO_AWAY_LEAD_MS = 150;

interface Live {
  readonly session: LiveSession;
  readonly subscription: Subscription;
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let index = 0; index < n; index++) {
    num += ((xs[index] as number) - mx) * ((ys[index] as number) - my);
    den += ((xs[index] as number) - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export async function longSessionBenchmark(settings: BenchSettings): Promise<ResultTable> {
  const minutes = settings.quick ? 2 : 30;
  const emulator = await startBenchEmulator({ connectionLifetimeMs: LIFETIME_MS, goAwayLeadMs: GO_AWAY_LEAD_MS });
  let handle: string | undefined;
  let current: Live | undefined;
  let sessions = 0;
  let retries = 0;
  let received = 0;
  let dropped = 0;
  let stopped = false;
  // One value for every microphone frame: what toRealtimeAudio makes of 40 ms of 16 kHz silence
  // (silent, so the emulator's voice detector never starts a model turn of its own).
  let micValue: LiveRealtimeInput | undefined;
  of(new Int16Array(640))
    .pipe(audio.toRealtimeAudio({ sampleRate: 16_000 }))
    .subscribe((value) => (micValue = value));

  const open = (): void => {
    if (stopped) return;
    // The old connection closes first: Google refuses to resume a session whose socket is still open.
    const previous = current;
    current = undefined;
    if (previous !== undefined) {
      dropped += previous.session.stats.realtimeDropped;
      previous.subscription.unsubscribe();
    }
    const session = benchSession(emulator.baseUrl, handle);
    sessions++;
    const subscription = session.subscribe({
      next: (message: LiveServerMessage) => {
        received++;
        const newHandle = message.sessionResumptionUpdate?.newHandle;
        if (newHandle !== undefined && newHandle !== null) handle = newHandle;
        if (message.goAway !== undefined && current?.session === session) open();
      },
      // Our unsubscribe does not wait for the close handshake, so the emulator may still count the old
      // socket as open when the new setup arrives, and refuse with 1011 (as Google does): try again.
      error: () => {
        if (current?.session !== session || stopped) return;
        retries++;
        setTimeout(open, 10);
      },
    });
    current = { session, subscription };
  };

  const xs: number[] = [];
  const heaps: number[] = [];
  const codes: number[] = [];
  let audioMs = 0;
  open();
  emulator.stream(TICK_MS, FRAMES_PER_TICK);
  const mic = setInterval(() => {
    const live = current;
    if (live === undefined || micValue === undefined) return;
    for (let frame = 0; frame < FRAMES_PER_TICK; frame++) live.session.realtimeInput.next(micValue);
    audioMs += FRAMES_PER_TICK * FRAME_MS;
  }, TICK_MS);
  try {
    for (let minute = 1; minute <= minutes; minute++) {
      while (audioMs < minute * 60_000) await sleep(TICK_MS);
      xs.push(minute);
      const memory = await settledMemory();
      heaps.push(memory.heap);
      codes.push(memory.code);
    }
  } finally {
    stopped = true;
    clearInterval(mic);
    await emulator.stopStream();
    if (current !== undefined) {
      dropped += current.session.stats.realtimeDropped;
      current.subscription.unsubscribe();
    }
    await emulator.close();
  }
  // The first minute warms up (JIT, pools); the slope is over the rest (over all in a quick run).
  const kib = heaps.map((bytes) => bytes / 1024);
  const from = xs.length > 2 ? 1 : 0;
  const growth = slope(xs.slice(from), kib.slice(from));
  const dataKib = heaps.map((bytes, index) => (bytes - (codes[index] as number)) / 1024);
  const dataGrowth = slope(xs.slice(from), dataKib.slice(from));
  return {
    title: `Long session: heap over ${minutes} simulated minutes with goAway/resume cycles`,
    columns: ['simulated minutes', 'sessions (goAway cycles)', 'retried resumptions', 'messages received', 'heap after minute 1 (MiB)', 'heap at the end (MiB)', 'slope (KiB per simulated minute)', 'slope without compiled code'],
    rows: [
      [
        String(minutes),
        String(sessions),
        String(retries),
        String(received),
        fixed((kib[0] ?? Number.NaN) / 1024, 2),
        fixed((kib[kib.length - 1] ?? Number.NaN) / 1024, 2),
        fixed(growth, 1),
        fixed(dataGrowth, 1),
      ],
    ],
    notes: [
      `Audio both ways at ${SPEED}× real time (${FRAMES_PER_TICK} frames of 40 ms every ${TICK_MS} ms); the emulator sends goAway ${LIFETIME_MS - GO_AWAY_LEAD_MS} ms into each connection and closes it at ${LIFETIME_MS} ms.`,
      `Heap: heapUsed after full GCs, once per simulated minute; the slope is a least-squares fit from minute 2 on. Microphone frames our outbox dropped while a new connection was being set up: ${dropped}.`,
      `Heap per minute (MiB): ${kib.map((value) => fixed(value / 1024, 2)).join(', ')}.`,
      `The same without V8's code spaces (compiled functions, which grow for a while as V8 optimises what runs hot): ${dataKib.map((value) => fixed(value / 1024, 2)).join(', ')}.`,
    ],
  };
}
