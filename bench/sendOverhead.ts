/**
 * (2b) Send path before the socket: what each client does with a 40 ms frame of 16 kHz PCM16 until
 * it hands a string to its socket, timed with sockets whose `send` only counts characters.
 *
 * Over a real socket every client pays `ws` framing the message and a `writev` system call, some
 * 10 µs or more per frame that swing from run to run; that cost is the same for all three and hides
 * what they add. Here:
 * - the floor: Node base64, `JSON.stringify`, `send`;
 * - the SDK: Node base64, then `@google/genai`'s own `Session.sendRealtimeInput` (its parameter
 *   conversion and `JSON.stringify`), on a `Session` built around a connection that discards frames
 *   (the SDK's `Session` class takes any object with `connect`, `send` and `close`);
 * - ours: a session whose `webSocketFactory` returns a socket that is already open, answered with
 *   `setupComplete`, fed either as an SDK user would (base64, then `session.realtimeInput.next`) or
 *   as a pipeline (`Subject` → `toRealtimeAudio` → `session.realtimeInput`), and that again with a
 *   `stats$` or a `written$` subscriber;
 * - the parts alone: base64, `JSON.stringify`, our value check (`toRealtimeInput`), the media test
 *   (`isDroppableRealtimeInput`) and the outbox (`Outbox.sendRealtime`, counters and write).
 * Each contender sends a short batch of frames per round, in an order shuffled per round; the table
 * shows medians over rounds, in µs per frame. The rows marked "difference" subtract rows round by
 * round (rows of one round ran within a few milliseconds of each other), then take the median.
 */
import { GoogleGenAI, Session } from '@google/genai';
import { asyncScheduler, filter, firstValueFrom, Subject, type Subscription } from 'rxjs';
import type { RealtimeInputMessage } from '../lib/protocol/clientMessages';
import { isDroppableRealtimeInput, type LiveRealtimeInput, toRealtimeInput } from '../lib/protocol/toRealtimeInput';
import type { LiveSession } from '../lib/session/liveSession';
import { DEFAULT_OUTBOX_LIMITS, Outbox } from '../lib/session/outbox';
import { SocketReadyState, type SocketCloseEventLike, type SocketErrorEventLike, type SocketMessageEventLike, type WebSocketLike } from '../lib/transport/webSocketLike';
import { BENCH_KEYS, BENCH_MODEL, INPUT_MIME } from './clients';
import { type BenchSettings, collectGarbage, fixed, median, ratio, type ResultTable, roundOrder } from './harness';
import { audio, node } from './ours';

const FRAME = 16_000 / 25; // 40 ms at 16 kHz
const FRAMES_PER_SECOND = 25;

/** An open socket that keeps nothing: it counts what it is given. */
class DiscardingSocket implements WebSocketLike {
  readyState: number = SocketReadyState.OPEN;
  readonly bufferedAmount = 0;
  binaryType = 'arraybuffer';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: SocketMessageEventLike) => void) | null = null;
  onerror: ((event: SocketErrorEventLike) => void) | null = null;
  onclose: ((event: SocketCloseEventLike) => void) | null = null;
  frames = 0;
  chars = 0;
  last = '';

  send(data: string): void {
    this.frames++;
    this.chars += data.length;
    this.last = data;
  }

  close(): void {
    this.readyState = SocketReadyState.CLOSED;
  }

  reset(): void {
    this.frames = 0;
    this.chars = 0;
  }
}

/** Our session over a `DiscardingSocket`, open (past `setupComplete`) and subscribed. */
async function discardingSession(): Promise<{ session: LiveSession; socket: DiscardingSocket; subscription: Subscription }> {
  const socket = new DiscardingSocket();
  const session = node.liveSession({
    model: BENCH_MODEL,
    apiKey: BENCH_KEYS['rx-gemini-live'],
    config: { responseModalities: ['AUDIO'], sessionResumption: {} },
    webSocketFactory: () => {
      // The session sends setup to a socket that is already open; the server's answer follows.
      queueMicrotask(() => socket.onmessage?.({ data: '{"setupComplete":{}}' }));
      return socket;
    },
  });
  const subscription = session.subscribe({ error: () => undefined });
  await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open' || state.status === 'closed')));
  if (session.state.status !== 'open') throw new Error('the bench session over a discarding socket did not open');
  socket.reset();
  return { session, socket, subscription };
}

/** 40 ms frames of a tone (the content changes nothing; distinct frames keep every call honest). */
function toneFrames(count: number): Int16Array[] {
  return Array.from({ length: count }, (_, frame) =>
    Int16Array.from({ length: FRAME }, (_, index) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * (frame * FRAME + index)) / 16_000))),
  );
}

function nodeBase64(frame: Int16Array): string {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('base64');
}

const FLOOR = 'floor: `Buffer` base64 → `JSON.stringify` → send';
const SDK = '@google/genai: `Buffer` base64 → `Session.sendRealtimeInput` → send';
const OURS_SINK = 'rx-gemini-live: `Buffer` base64 → `session.realtimeInput.next` → send';
const OURS_PIPE = 'rx-gemini-live pipeline: `Subject` → `toRealtimeAudio` → `session.realtimeInput` → send';
const OURS_STATS = 'the same pipeline with a `stats$` subscriber';
const OURS_WRITTEN = 'the same pipeline with a `written$` subscriber';
const BASE64 = 'part: `Buffer` base64 of the frame (1,280 bytes)';
const STRINGIFY = 'part: `JSON.stringify` of the message';
const CHECK = 'part: our value check, `toRealtimeInput`';
const DROPPABLE = 'part: our media test, `isDroppableRealtimeInput`';
const OUTBOX = 'part: our outbox, `Outbox.sendRealtime` (counters, write)';

export async function sendOverheadBenchmark(settings: BenchSettings): Promise<ResultTable> {
  // Short batches and many rounds: a slow moment of the machine (a neighbour's burst) lands on one or
  // two batches of one round, which the medians set aside, rather than on one row's whole stretch.
  const rounds = settings.quick ? 6 : 300;
  const warmUp = settings.quick ? 1 : 10;
  const batch = settings.quick ? 50 : 200;
  const frames = toneFrames(FRAMES_PER_SECOND);
  const values: LiveRealtimeInput[] = frames.map((frame) => ({ audio: { data: nodeBase64(frame), mimeType: INPUT_MIME } }));
  const messages: RealtimeInputMessage[] = values.map((value) => toRealtimeInput(value));
  const serialised = messages.map((message) => JSON.stringify(message));

  const floorSocket = new DiscardingSocket();
  const sdkSocket = new DiscardingSocket();
  const ai = new GoogleGenAI({ apiKey: BENCH_KEYS['@google/genai'] });
  // The SDK's `Session` only asks its client whether it talks to Vertex AI; `live.connect` hands it its own.
  const apiClient = (ai.live as unknown as { apiClient: ConstructorParameters<typeof Session>[1] }).apiClient;
  const sdkSession = new Session({ connect: () => undefined, send: (message) => sdkSocket.send(message), close: () => undefined }, apiClient);
  const outboxSocket = new DiscardingSocket();
  const outbox = new Outbox(DEFAULT_OUTBOX_LIMITS, asyncScheduler);
  outbox.attach(outboxSocket);

  const sink = await discardingSession();
  const pipe = await discardingSession();
  const stats = await discardingSession();
  const written = await discardingSession();
  const inputs = [pipe, stats, written].map(({ session }) => {
    const input = new Subject<Int16Array>();
    input.pipe(audio.toRealtimeAudio({ sampleRate: 16_000 })).subscribe(session.realtimeInput);
    return input;
  });
  const [pipeInput, statsInput, writtenInput] = inputs as [Subject<Int16Array>, Subject<Int16Array>, Subject<Int16Array>];
  let snapshots = 0;
  let notes = 0;
  const watchers = stats.session.stats$.subscribe(() => snapshots++);
  watchers.add(written.session.written$.subscribe(() => notes++));
  snapshots = 0;
  /** What the parts timed alone return, summed, so none of them is work whose result goes unused. */
  let checksum = 0;
  try {
    const contenders: Record<string, (index: number) => void> = {
      [FLOOR]: (index) => floorSocket.send(JSON.stringify({ realtimeInput: { audio: { data: nodeBase64(frames[index] as Int16Array), mimeType: INPUT_MIME } } })),
      [SDK]: (index) => sdkSession.sendRealtimeInput({ audio: { data: nodeBase64(frames[index] as Int16Array), mimeType: INPUT_MIME } }),
      [OURS_SINK]: (index) => sink.session.realtimeInput.next({ audio: { data: nodeBase64(frames[index] as Int16Array), mimeType: INPUT_MIME } }),
      [OURS_PIPE]: (index) => pipeInput.next(frames[index] as Int16Array),
      [OURS_STATS]: (index) => statsInput.next(frames[index] as Int16Array),
      [OURS_WRITTEN]: (index) => writtenInput.next(frames[index] as Int16Array),
      [BASE64]: (index) => void (checksum += nodeBase64(frames[index] as Int16Array).length),
      [STRINGIFY]: (index) => void (checksum += JSON.stringify(messages[index]).length),
      [CHECK]: (index) => void (checksum += Object.keys(toRealtimeInput(values[index] as LiveRealtimeInput)).length),
      [DROPPABLE]: (index) => void (checksum += isDroppableRealtimeInput(messages[index] as RealtimeInputMessage) ? 1 : 0),
      [OUTBOX]: (index) => outbox.sendRealtime(serialised[index] as string, true),
    };
    const names = Object.keys(contenders);
    /** Per row, µs per frame in each recorded round (rounds in step, so rows can be paired by round). */
    const samples = names.map(() => new Float64Array(rounds));
    const indices = names.map((_, index) => index);
    collectGarbage();
    for (let round = -warmUp; round < rounds; round++) {
      for (const index of roundOrder(indices, round + warmUp)) {
        const run = contenders[names[index] as string] as (index: number) => void;
        const started = performance.now();
        for (let count = 0; count < batch; count++) run(((round + warmUp) * batch + count) % FRAMES_PER_SECOND);
        const elapsed = performance.now() - started;
        if (round >= 0) (samples[index] as Float64Array)[round] = (elapsed * 1000) / batch;
      }
    }
    if (!(checksum > 0)) throw new Error('the parts timed alone returned nothing');
    const cold = coldFrames(contenders, COLD_ROWS, settings.quick ? 100 : 1_500);
    const series = (name: string): Float64Array => samples[names.indexOf(name)] as Float64Array;
    /** The median over rounds of a sum of rows, each with a sign, taken round by round. */
    const paired = (terms: readonly (readonly [number, string])[]): number =>
      median(Array.from({ length: rounds }, (_, round) => terms.reduce((total, [sign, name]) => total + sign * (series(name)[round] as number), 0)));
    const µs = (name: string): number => median(Array.from(series(name)));
    const mean = (name: string): number => series(name).reduce((total, value) => total + value, 0) / rounds;
    const floor = µs(FLOOR);
    const frameChars = new Set([floorSocket, sdkSocket, sink.socket, pipe.socket].map((socket) => socket.last));
    const framesEach = [floorSocket, sdkSocket, sink.socket, pipe.socket, stats.socket, written.socket].map((socket) => socket.frames);
    const coldFloor = cold.get(FLOOR) ?? Number.NaN;
    const row = (name: string, total: boolean): string[] => {
      const coldMs = cold.get(name);
      return [
        name,
        fixed(µs(name), 2),
        fixed(mean(name), 2),
        fixed(µs(name) * FRAMES_PER_SECOND, 0),
        total ? ratio(µs(name), floor) : '—',
        total ? fixed(paired([[1, name], [-1, FLOOR]]), 2) : '—',
        coldMs === undefined ? '—' : fixed(coldMs, 2),
        coldMs === undefined ? '—' : ratio(coldMs, coldFloor),
      ];
    };
    const difference = (name: string, terms: readonly (readonly [number, string])[]): string[] => {
      const value = paired(terms);
      return [`difference: ${name}`, fixed(value, 2), '—', fixed(value * FRAMES_PER_SECOND, 0), '—', '—', '—', '—'];
    };
    const minus = (...names: string[]): (readonly [number, string])[] => names.map((name) => [-1, name] as const);
    return {
      title: 'Send path before the socket: what each client adds per 40 ms frame (sockets that discard)',
      columns: [
        'what',
        'µs per frame (median)',
        'µs per frame (mean, with GC)',
        'µs per audio second (median)',
        'vs floor',
        'over the floor (µs per frame)',
        'cold caches: µs per frame (median)',
        'cold: vs floor',
      ],
      rows: [
        ...[FLOOR, SDK, OURS_SINK, OURS_PIPE, OURS_STATS, OURS_WRITTEN].map((name) => row(name, true)),
        ...[BASE64, STRINGIFY, CHECK, DROPPABLE, OUTBOX].map((name) => row(name, false)),
        difference('the SDK\'s conversion (`sendRealtimeInput` minus base64 and `JSON.stringify`)', [[1, SDK], ...minus(BASE64, STRINGIFY)]),
        difference('our sink hop (`realtimeInput.next` minus the five parts: `LiveSink`, its `Subject`, closures)', [[1, OURS_SINK], ...minus(BASE64, STRINGIFY, CHECK, DROPPABLE, OUTBOX)]),
        difference('the RxJS hop (`Subject` → `map` → sink: pipeline minus `next`)', [[1, OURS_PIPE], [-1, OURS_SINK]]),
        difference('a `stats$` subscriber (a snapshot and a `Subject` emission per frame)', [[1, OURS_STATS], [-1, OURS_PIPE]]),
        difference('a `written$` subscriber (a note per frame)', [[1, OURS_WRITTEN], [-1, OURS_PIPE]]),
      ],
      notes: [
        `${rounds} rounds (after ${warmUp} warm-up rounds); per round each row runs ${batch} frames of 40 ms at 16 kHz in one timed batch, the rows in an order shuffled per round. Medians over rounds, so the batches that met a garbage collection are set aside (the mean column keeps them: allocation is a cost too); "over the floor" and the differences are taken round by round, then their median.`,
        `"Cold caches": the same frames one at a time, the clients interleaved frame by frame in a shuffled order, with ${COLD_BYTES / 2 ** 20} MiB read between two frames, so each meets caches emptied by other work, as it does between the \`writev\` calls and the other sessions of a real server (${settings.quick ? 100 : 1_500} frames per client, medians). The warm columns repeat one client's frames back to back.`,
        `Every client wrote the same frame (${frameChars.size === 1 ? `identical, ${[...frameChars][0]?.length ?? 0} characters` : 'NOT identical: check the clients'}); frames written per client: ${framesEach.join(', ')}.`,
        `\`stats$\` emitted ${snapshots} snapshots to its subscriber (one per frame written); without a subscriber the outbox builds none (it publishes only while \`stats$\` is observed). \`written$\` emitted ${notes} notes.`,
        'The floor and the SDK take the frame\'s base64 as their users write it (`Buffer`); our `toRealtimeAudio` uses the same `Buffer` encoding in Node.',
      ],
    };
  } finally {
    watchers.unsubscribe();
    for (const input of inputs) input.complete();
    for (const { subscription } of [sink, pipe, stats, written]) subscription.unsubscribe();
    outbox.clear();
  }
}

/** The rows also timed with cold caches: the clients' whole paths. */
const COLD_ROWS = [FLOOR, SDK, OURS_SINK, OURS_PIPE];
/** Read between two cold frames: more than the per-core caches hold, and a good part of the shared one. */
const COLD_BYTES = 8 * 2 ** 20;
const pollution = new Float64Array(COLD_BYTES / 8);

/** Reads `pollution` one cache line at a time, evicting what the previous frame left in the caches. */
function evictCaches(): number {
  let sum = 0;
  for (let index = 0; index < pollution.length; index += 8) sum += pollution[index] as number;
  return sum;
}

/**
 * Median µs per frame of each row in `rows`, each frame timed alone after `evictCaches`, the rows
 * interleaved frame by frame in an order shuffled per frame.
 */
function coldFrames(contenders: Record<string, (index: number) => void>, rows: readonly string[], frames: number): Map<string, number> {
  const times = rows.map(() => new Float64Array(frames));
  const indices = rows.map((_, index) => index);
  let evicted = 0;
  for (let frame = 0; frame < frames; frame++) {
    for (const index of roundOrder(indices, frame)) {
      evicted += evictCaches();
      const run = contenders[rows[index] as string] as (index: number) => void;
      const started = performance.now();
      run(frame % FRAMES_PER_SECOND);
      (times[index] as Float64Array)[frame] = (performance.now() - started) * 1000;
    }
  }
  if (evicted !== 0) throw new Error('the cache eviction buffer was written to');
  return new Map(rows.map((name, index) => [name, median(Array.from(times[index] as Float64Array))]));
}
