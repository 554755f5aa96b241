/**
 * Realistic server frames for operator specs (PROTOCOL.md §4), built as JSON text the way the server
 * writes it and decoded with `decodeServerFrame`, so every fixture is a message the session can emit.
 */
import * as either from 'fp-ts/lib/Either.js';
import type { Part } from '../../lib/protocol/content';
import { decodeServerFrame } from '../../lib/protocol/decodeServerFrame';
import type { LiveServerMessage, ServerContent, UsageMetadata } from '../../lib/protocol/serverMessages';

/** Decodes `json` as a server frame (pretty-printed with a trailing newline, as the server sends it). */
export function frame(json: object): LiveServerMessage {
  const decoded = decodeServerFrame(new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`));
  if (either.isLeft(decoded)) throw new Error(`fixture is not a valid server frame: ${decoded.left.message}`);
  return decoded.right;
}

export function content(serverContent: ServerContent, usageMetadata?: UsageMetadata): LiveServerMessage {
  return frame(usageMetadata === undefined ? { serverContent } : { serverContent, usageMetadata });
}

export function modelParts(...parts: Part[]): LiveServerMessage {
  return content({ modelTurn: { parts } });
}

export function text(value: string): LiveServerMessage {
  return modelParts({ text: value });
}

/** Little-endian PCM16 bytes of `samples`, base64, as `inlineData.data`. */
export function pcmBase64(samples: readonly number[]): string {
  return Buffer.from(new Int16Array(samples).buffer).toString('base64');
}

export function audio(samples: readonly number[], mimeType = 'audio/pcm;rate=24000'): LiveServerMessage {
  return modelParts({ inlineData: { mimeType, data: pcmBase64(samples) } });
}

export const setupComplete = frame({ setupComplete: {} });
export const bare = frame({ serverContent: {} });
export const generationComplete = content({ generationComplete: true });
export const interrupted = content({ interrupted: true });
export const turnComplete = content({ turnComplete: true });

/** The real usage report of PROTOCOL.md §4.7, with `scale` applied to its counts. */
export function usageReport(scale = 1): UsageMetadata {
  return {
    promptTokenCount: 515 * scale,
    responseTokenCount: 31 * scale,
    totalTokenCount: 546 * scale,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 515 * scale }],
  };
}

export function turnCompleteWithUsage(report: UsageMetadata = usageReport()): LiveServerMessage {
  return content({ turnComplete: true }, report);
}

export function toolCall(...calls: { id?: string; name: string; args?: Record<string, unknown> }[]): LiveServerMessage {
  return frame({ toolCall: { functionCalls: calls } });
}

export function toolCallCancellation(...ids: string[]): LiveServerMessage {
  return frame({ toolCallCancellation: { ids } });
}

export function goAway(timeLeft: string): LiveServerMessage {
  return frame({ goAway: { timeLeft } });
}
