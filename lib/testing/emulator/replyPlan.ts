/**
 * Turns a reply into the frames Google streams for it: several `modelTurn` chunks
 * (text parts, or 24 kHz audio parts with `outputTranscription` before or alongside, as the backend
 * and model do), then `generationComplete`, then `turnComplete` with `usageMetadata` in the same
 * frame, as real recordings show.
 */
import { encodeBase64 } from '../../audio/base64';
import { pcm16ToBytes } from '../../audio/pcm16';
import type { TranscriptOrder } from './serviceProfile';
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../../audio/outputSampleRate';
import { sliceAudio, synthesizeSpeech, textChunks } from './speech';

/** A server message the emulator sends, as a plain JSON object. */
export type EmulatorMessage = Readonly<Record<string, unknown>>;

/** One frame of a reply, sent `delayMs` after the previous one. */
export interface ReplyStep {
  readonly delayMs: number;
  readonly message: EmulatorMessage;
  /** The first model chunk of a turn (a fault point). */
  readonly firstModelChunk?: boolean;
}

export interface ReplyShape {
  readonly modality: 'TEXT' | 'AUDIO';
  readonly outputTranscription: boolean;
  /** Whether `modelTurn` carries `role: "model"` (Vertex). */
  readonly modelTurnRole: boolean;
  readonly audioMimeType: string;
  readonly transcriptOrder: TranscriptOrder;
  /** An empty `outputTranscription {}` opens the answer (Vertex). */
  readonly emptyTranscriptFirst: boolean;
  readonly firstChunkDelayMs: number;
  readonly chunkIntervalMs: number;
  readonly audioChunkMs: number;
  readonly wordsPerChunk: number;
}

/** Token counts as a rough rule: four characters of text per token, 25 tokens per second of audio. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const AUDIO_TOKENS_PER_SECOND = 25;

/** A `serverContent.modelTurn` frame with these parts, with `role` where the backend writes it. */
export function modelTurnMessage(parts: readonly unknown[], withRole: boolean): EmulatorMessage {
  return { serverContent: { modelTurn: withRole ? { role: 'model', parts } : { parts } } };
}

/** The frames of one model turn that says `text`, ending with `turnComplete` and usage. */
export function planReply(text: string, promptTokens: number, shape: ReplyShape): ReplyStep[] {
  const steps: ReplyStep[] = [];
  const delay = (): number => (steps.length === 0 ? shape.firstChunkDelayMs : shape.chunkIntervalMs);
  let modelChunks = 0;
  const modelTurn = (part: unknown): void => {
    // The fault point 'modelTurn' is the first frame of the model's own content, not a transcript.
    steps.push({ delayMs: delay(), message: modelTurnMessage([part], shape.modelTurnRole), firstModelChunk: modelChunks === 0 });
    modelChunks += 1;
  };
  const transcript = (fragment: string | undefined, delayMs: number): void => {
    steps.push({ delayMs, message: { serverContent: { outputTranscription: fragment === undefined ? {} : { text: fragment } } } });
  };
  const words = textChunks(text, shape.wordsPerChunk);
  let responseTokens: number;
  if (shape.modality === 'TEXT') {
    for (const chunk of words) modelTurn({ text: chunk });
    responseTokens = textTokens(text);
  } else {
    const samples = synthesizeSpeech(text);
    const chunks = sliceAudio(samples, shape.audioChunkMs);
    const audioPart = (chunk: Int16Array): unknown => ({ inlineData: { mimeType: shape.audioMimeType, data: encodeBase64(pcm16ToBytes(chunk)) } });
    if (shape.outputTranscription && shape.transcriptOrder === 'leadsAudio') {
      // Half-cascade models and Vertex write the transcript before any audio (docs/emulator.md, "Fidelity").
      if (shape.emptyTranscriptFirst) transcript(undefined, delay());
      for (const fragment of words) transcript(fragment, delay());
      for (const chunk of chunks) modelTurn(audioPart(chunk));
    } else {
      // Spread the transcript over the audio, so it streams at the pace of the voice (3.1 sends both
      // in one event, 2.5 in separate ones: we send separate frames, which every client must handle).
      let nextWord = 0;
      chunks.forEach((chunk, index) => {
        modelTurn(audioPart(chunk));
        const wordsDue = Math.ceil(((index + 1) / chunks.length) * words.length);
        if (shape.outputTranscription && wordsDue > nextWord) {
          transcript(words.slice(nextWord, wordsDue).join(''), 0);
          nextWord = wordsDue;
        }
      });
    }
    responseTokens = Math.ceil((samples.length / DEFAULT_OUTPUT_SAMPLE_RATE) * AUDIO_TOKENS_PER_SECOND);
  }
  steps.push({ delayMs: shape.chunkIntervalMs, message: { serverContent: { generationComplete: true } } });
  steps.push({
    delayMs: 0,
    message: {
      serverContent: { turnComplete: true },
      usageMetadata: {
        promptTokenCount: promptTokens,
        responseTokenCount: responseTokens,
        totalTokenCount: promptTokens + responseTokens,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
        responseTokensDetails: [{ modality: shape.modality, tokenCount: responseTokens }],
      },
    },
  });
  return steps;
}
