import { decodeBase64 } from '../audio/base64';
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../audio/outputSampleRate';
import { bytesToPcm16 } from '../audio/pcm16';
import type { Blob, Part } from '../protocol/content';
import type { ServerContent } from '../protocol/serverMessages';

/**
 * Decoded model audio: 16-bit signed mono PCM samples at `sampleRate`, with the `mimeType` the server
 * gave.
 *
 * @category operators
 * @since 0.2.0
 */
export interface AudioChunk {
  readonly samples: Int16Array;
  readonly sampleRate: number;
  readonly mimeType: string;
}

const PCM_MIME = /^audio\/pcm\s*(?:;|$)/i;
const RATE_PARAMETER = /;\s*rate\s*=\s*(\d+)\s*(?:;|$)/i;

/** The sample rate of a PCM mime type, or `undefined` when the type is not `audio/pcm`. */
function pcmSampleRate(mimeType: string): number | undefined {
  if (!PCM_MIME.test(mimeType)) return undefined;
  const rate = RATE_PARAMETER.exec(mimeType)?.[1];
  const parsed = rate === undefined ? DEFAULT_OUTPUT_SAMPLE_RATE : Number(rate);
  return parsed > 0 ? parsed : DEFAULT_OUTPUT_SAMPLE_RATE;
}

/** The audio of one `inlineData` blob, or `undefined` for other media and for empty data. */
export function toAudioChunk(blob: Blob): AudioChunk | undefined {
  const { mimeType, data } = blob;
  if (mimeType === undefined || data === undefined || data === '') return undefined;
  const sampleRate = pcmSampleRate(mimeType);
  if (sampleRate === undefined) return undefined;
  return { samples: bytesToPcm16(decodeBase64(data)), sampleRate, mimeType };
}

/** The parts of the model's turn in this `serverContent` (none for other content). */
export function modelParts(content: ServerContent): readonly Part[] {
  return content.modelTurn?.parts ?? [];
}

/** The audio chunks of a `serverContent`'s model turn, in part order. */
export function audioChunksOf(content: ServerContent): AudioChunk[] {
  const chunks: AudioChunk[] = [];
  for (const part of modelParts(content)) {
    const chunk = part.inlineData === undefined ? undefined : toAudioChunk(part.inlineData);
    if (chunk !== undefined) chunks.push(chunk);
  }
  return chunks;
}

/** The visible text of one part: its `text` unless it is a thought. */
export function visibleText(part: Part): string {
  return part.thought === true ? '' : (part.text ?? '');
}
