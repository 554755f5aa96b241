/**
 * The server frames the benchmarks send, the clock they are stamped with, and the messages between
 * the main thread and the emulator worker.
 */
import type { EmulatorOptions } from '../lib/testing/emulator/options';
import type { EmulatorMessage } from '../lib/testing/emulator/replyPlan';

export type FrameKind = 'text' | 'audio';

/** Microseconds on the monotonic clock, which every thread of the process shares (unlike `performance.now()`'s origin). */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** 40 ms of 24 kHz mono PCM16 (1,920 bytes) as base64: a 440 Hz tone, so the bytes are not all alike. */
export const AUDIO_CHUNK_BASE64 = (() => {
  const samples = new Int16Array(960);
  for (let index = 0; index < samples.length; index++) samples[index] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / 24000));
  return Buffer.from(samples.buffer).toString('base64');
})();

const OUTPUT_MIME = 'audio/pcm;rate=24000';

/** A streamed text chunk, as a model turn sends them. */
export const textMessage: EmulatorMessage = { serverContent: { modelTurn: { parts: [{ text: 'The capital of France ' }] } } };

/** A 40 ms audio chunk of a model turn. */
export const audioMessage: EmulatorMessage = {
  serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: OUTPUT_MIME, data: AUDIO_CHUNK_BASE64 } }] } },
};

/** A text chunk whose text is the send time, for latency. */
export function stampedTextMessage(micros: number): EmulatorMessage {
  return { serverContent: { modelTurn: { parts: [{ text: String(micros) }] } } };
}

/** An audio chunk with the send time in its output transcription (3.1 models send both in one event). */
export function stampedAudioMessage(micros: number): EmulatorMessage {
  return {
    serverContent: {
      modelTurn: { parts: [{ inlineData: { mimeType: OUTPUT_MIME, data: AUDIO_CHUNK_BASE64 } }] },
      outputTranscription: { text: String(micros) },
    },
  };
}

/** Reads the stamp of a stamped frame from a decoded message of any of the clients (they share the wire's field names). */
export function stampOf(message: unknown): number | undefined {
  const content = (message as { serverContent?: { outputTranscription?: { text?: string }; modelTurn?: { parts?: { text?: string }[] } } }).serverContent;
  const text = content?.outputTranscription?.text ?? content?.modelTurn?.parts?.[0]?.text;
  if (text === undefined) return undefined;
  const micros = Number(text);
  return Number.isFinite(micros) ? micros : undefined;
}

/** Whether a decoded message is a model-turn chunk (what floods count). */
export function isModelChunk(message: unknown): boolean {
  return (message as { serverContent?: { modelTurn?: unknown } }).serverContent?.modelTurn !== undefined;
}

export interface WorkerData {
  readonly options: EmulatorOptions;
  /** A `SharedArrayBuffer` of one `Int32`: set to 1 when a flood has been written. */
  readonly signal: SharedArrayBuffer;
}

export type WorkerCommand =
  | { readonly op: 'flood'; readonly connection: number; readonly kind: FrameKind; readonly count: number }
  | { readonly op: 'stamp'; readonly connection: number; readonly kind: FrameKind }
  /** Streams to open connections whose URL contains `urlContains` (all when absent). */
  | { readonly op: 'stream'; readonly intervalMs: number; readonly framesPerTick: number; readonly urlContains?: string }
  | { readonly op: 'stopStream' }
  | { readonly op: 'count' }
  | { readonly op: 'close' };

export type WorkerReply =
  | { readonly op: 'ready'; readonly baseUrl: string }
  | { readonly op: 'stopped' }
  | { readonly op: 'count'; readonly connections: number; readonly open: number }
  | { readonly op: 'closed' };
