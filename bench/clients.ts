/**
 * The three clients every comparison runs, behind one small interface: rx-gemini-live, the official
 * `@google/genai@3.1.0` `Session`, and the floor, a bare `ws` socket with `JSON.parse`. All three
 * connect to the same emulator with the same model, API key and API version, and hand each decoded
 * message to `onMessage` in the subscriber callback (ours), `onmessage` (the SDK) or the `ws` message
 * listener (the floor).
 */
import { GoogleGenAI, Modality, type Session } from '@google/genai';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import { audio, node } from './ours';
import type { LiveSession } from '../lib/session/liveSession';
import type { WebSocketFactory } from '../lib/transport/webSocketLike';

export type ClientKind = 'rx-gemini-live' | '@google/genai' | 'ws + JSON.parse';

export const CLIENT_KINDS: readonly ClientKind[] = ['rx-gemini-live', '@google/genai', 'ws + JSON.parse'];

export const BENCH_MODEL = 'gemini-live-2.5-flash-preview';
/**
 * One API key per client, so the emulator can tell their connections apart (it streams to one
 * client's sessions at a time while the others stay open and idle).
 */
export const BENCH_KEYS: Record<ClientKind, string> = {
  'rx-gemini-live': 'AIzaBenchmarkKeyRx00000000000000000000',
  '@google/genai': 'AIzaBenchmarkKeySdk0000000000000000000',
  'ws + JSON.parse': 'AIzaBenchmarkKeyRaw0000000000000000000',
};
export const INPUT_MIME = 'audio/pcm;rate=16000';

export interface BenchClient {
  readonly kind: ClientKind;
  /** Sends one 16 kHz PCM16 chunk as realtime audio, the way a user of this client would. */
  sendAudio(chunk: Int16Array): void;
  /** Sends 16 kHz PCM16 the caller already encoded as base64. */
  sendEncodedAudio(base64: string): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly baseUrl: string;
  readonly onMessage: (message: unknown) => void;
  /** For ours: a resumption handle, when re-creating a session after `goAway`. */
  readonly resumptionHandle?: string;
  /** Told how long each frame took inside `ws`'s `send` (ms), so a benchmark can split a client's cost there. */
  readonly onSocketSend?: SocketSendTimer;
}

export type SocketSendTimer = (ms: number) => void;

/** `send` of `target`, timed: what the client spends inside `ws` (framing, masking, the write). */
function timeSends(target: { send(data: string): void }, onSocketSend: SocketSendTimer): void {
  const send = target.send.bind(target);
  target.send = (data: string): void => {
    const started = performance.now();
    send(data);
    onSocketSend(performance.now() - started);
  };
}

/** Opens a client and resolves once `setupComplete` arrived. */
export function openClient(kind: ClientKind, options: OpenOptions): Promise<BenchClient> {
  switch (kind) {
    case 'rx-gemini-live':
      return openOurs(options);
    case '@google/genai':
      return openSdk(options);
    case 'ws + JSON.parse':
      return openRaw(options);
  }
}

/**
 * Our session; the benchmarks that need the session itself (send path, long session) use this. With
 * `onSocketSend`, its sockets are the node entry's default ones with a timed `send`.
 */
export function benchSession(baseUrl: string, resumptionHandle?: string, onSocketSend?: SocketSendTimer): LiveSession {
  return node.liveSession({
    model: BENCH_MODEL,
    apiKey: BENCH_KEYS['rx-gemini-live'],
    apiVersion: 'v1beta',
    baseUrl,
    config: { responseModalities: ['AUDIO'], sessionResumption: resumptionHandle === undefined ? {} : { handle: resumptionHandle } },
    ...(onSocketSend === undefined ? {} : { webSocketFactory: timedNodeSockets(onSocketSend) }),
  });
}

/** The `rx-gemini-live/node` entry's default sockets (`ws`, binary frames as `Buffer`s), with a timed `send`. */
function timedNodeSockets(onSocketSend: SocketSendTimer): WebSocketFactory {
  const sockets = node.nodeWebSocketFactory();
  return (request) => {
    const socket = sockets(request);
    socket.binaryType = 'nodebuffer';
    timeSends(socket, onSocketSend);
    return socket;
  };
}

/*
 * The three wrappers are classes, and every callback a client needs per session is a module function
 * or a bound one: `tsx` compiles this file with esbuild's keep-names, which gives every arrow function
 * created per session a property table of its own (about 300 bytes), and the heap per session
 * must count the clients, not the benchmark's glue around them.
 */

function ignore(): void {
  // An error the benchmark does not act on: the connection's end shows in `close()`.
}

class OursClient implements BenchClient {
  readonly kind = 'rx-gemini-live';

  constructor(
    private readonly session: LiveSession,
    private readonly subscription: Subscription,
  ) {}

  sendAudio(chunk: Int16Array): void {
    this.sendEncodedAudio(audio.encodeBase64(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }

  sendEncodedAudio(data: string): void {
    this.session.realtimeInput.next({ audio: { data, mimeType: INPUT_MIME } });
  }

  async close(): Promise<void> {
    const closed = firstValueFrom(this.session.state$.pipe(filter((state) => state.status === 'closed')));
    this.subscription.unsubscribe();
    await closed;
  }
}

async function openOurs(options: OpenOptions): Promise<BenchClient> {
  const session = benchSession(options.baseUrl, options.resumptionHandle, options.onSocketSend);
  const subscription: Subscription = session.subscribe({ next: options.onMessage, error: ignore });
  // The first message is `setupComplete`; a second, short-lived subscriber of the same connection
  // waits for it, as `ai.live.connect` waits for the socket to open.
  await firstValueFrom(session).catch(ignore);
  return new OursClient(session, subscription);
}

class SdkClient implements BenchClient {
  readonly kind = '@google/genai';

  constructor(
    private readonly session: Session,
    private readonly closed: Promise<void>,
  ) {}

  // What an SDK user writes: Node's base64 of the chunk's bytes.
  sendAudio(chunk: Int16Array): void {
    this.sendEncodedAudio(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64'));
  }

  sendEncodedAudio(data: string): void {
    this.session.sendRealtimeInput({ audio: { data, mimeType: INPUT_MIME } });
  }

  async close(): Promise<void> {
    this.session.close();
    await this.closed;
  }
}

function callResolver(resolver: { resolve: () => void }): void {
  resolver.resolve();
}

async function openSdk(options: OpenOptions): Promise<BenchClient> {
  const ai = new GoogleGenAI({ apiKey: BENCH_KEYS['@google/genai'], httpOptions: { baseUrl: options.baseUrl, apiVersion: 'v1beta' } });
  const resolver = { resolve: ignore };
  const whenClosed = new Promise<void>((resolve) => (resolver.resolve = resolve));
  const session: Session = await ai.live.connect({
    model: BENCH_MODEL,
    config: { responseModalities: [Modality.AUDIO], sessionResumption: {} },
    callbacks: { onmessage: options.onMessage, onclose: callResolver.bind(undefined, resolver), onerror: ignore },
  });
  if (options.onSocketSend !== undefined) timeSends(session.conn, options.onSocketSend);
  return new SdkClient(session, whenClosed);
}

class RawClient implements BenchClient {
  readonly kind = 'ws + JSON.parse';

  constructor(private readonly socket: WebSocket) {}

  sendAudio(chunk: Int16Array): void {
    this.sendEncodedAudio(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64'));
  }

  sendEncodedAudio(data: string): void {
    this.socket.send(JSON.stringify({ realtimeInput: { audio: { data, mimeType: INPUT_MIME } } }));
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.close(1000);
    await closed;
  }
}

function parseAndDeliver(onMessage: (message: unknown) => void, frame: Buffer): void {
  onMessage(JSON.parse(frame.toString()));
}

async function openRaw(options: OpenOptions): Promise<BenchClient> {
  const url = `${options.baseUrl.replace(/^http/, 'ws')}/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=${BENCH_KEYS['ws + JSON.parse']}`;
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ setup: { model: `models/${BENCH_MODEL}`, generationConfig: { responseModalities: ['AUDIO'] }, sessionResumption: {} } }));
    });
    socket.once('error', reject);
    const onSetup = (data: Buffer): void => {
      if ((JSON.parse(data.toString()) as { setupComplete?: unknown }).setupComplete === undefined) return;
      socket.off('message', onSetup);
      socket.off('error', reject);
      socket.on('message', parseAndDeliver.bind(undefined, options.onMessage));
      resolve();
    };
    socket.on('message', onSetup);
  });
  if (options.onSocketSend !== undefined) timeSends(socket, options.onSocketSend);
  return new RawClient(socket);
}
