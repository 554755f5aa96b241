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
import { encodeBase64 } from '../lib/audio/base64';
import { liveSession, nodeWebSocketFactory } from '../lib/node';
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
  return liveSession({
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
  const sockets = nodeWebSocketFactory();
  return (request) => {
    const socket = sockets(request);
    socket.binaryType = 'nodebuffer';
    timeSends(socket, onSocketSend);
    return socket;
  };
}

async function openOurs(options: OpenOptions): Promise<BenchClient> {
  const session = benchSession(options.baseUrl, options.resumptionHandle, options.onSocketSend);
  const subscription: Subscription = session.subscribe({ next: options.onMessage, error: () => undefined });
  await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open' || state.status === 'closed')));
  return {
    kind: 'rx-gemini-live',
    sendAudio: (chunk) => session.realtimeInput.next({ audio: { data: encodeBase64(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)), mimeType: INPUT_MIME } }),
    sendEncodedAudio: (data) => session.realtimeInput.next({ audio: { data, mimeType: INPUT_MIME } }),
    close: async () => {
      const closed = firstValueFrom(session.state$.pipe(filter((state) => state.status === 'closed')));
      subscription.unsubscribe();
      await closed;
    },
  };
}

async function openSdk(options: OpenOptions): Promise<BenchClient> {
  const ai = new GoogleGenAI({ apiKey: BENCH_KEYS['@google/genai'], httpOptions: { baseUrl: options.baseUrl, apiVersion: 'v1beta' } });
  let closed: () => void = () => undefined;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  const session: Session = await ai.live.connect({
    model: BENCH_MODEL,
    config: { responseModalities: [Modality.AUDIO], sessionResumption: {} },
    callbacks: { onmessage: options.onMessage, onclose: () => closed(), onerror: () => undefined },
  });
  if (options.onSocketSend !== undefined) timeSends(session.conn, options.onSocketSend);
  return {
    kind: '@google/genai',
    // What an SDK user writes: Node's base64 of the chunk's bytes.
    sendAudio: (chunk) =>
      session.sendRealtimeInput({ audio: { data: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64'), mimeType: INPUT_MIME } }),
    sendEncodedAudio: (data) => session.sendRealtimeInput({ audio: { data, mimeType: INPUT_MIME } }),
    close: async () => {
      session.close();
      await whenClosed;
    },
  };
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
      socket.on('message', (frame: Buffer) => options.onMessage(JSON.parse(frame.toString())));
      resolve();
    };
    socket.on('message', onSetup);
  });
  if (options.onSocketSend !== undefined) timeSends(socket, options.onSocketSend);
  const sendEncodedAudio = (data: string): void => socket.send(JSON.stringify({ realtimeInput: { audio: { data, mimeType: INPUT_MIME } } }));
  return {
    kind: 'ws + JSON.parse',
    sendAudio: (chunk) => sendEncodedAudio(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64')),
    sendEncodedAudio,
    close: async () => {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000);
      await closed;
    },
  };
}
