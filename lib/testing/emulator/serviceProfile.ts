/**
 * Where Google's frames differ by backend and model family, in one place, so the emulator's replies
 * follow the service the client talks to. Each rule names its evidence (docs/emulator.md, "Fidelity"):
 * recorded sessions against the real service unless the comment says otherwise.
 */
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../../audio/outputSampleRate';

/**
 * Live model families whose frames differ: half-cascade models speak a text answer
 * through a voice, so their transcript exists before their audio; native-audio and Gemini 3.1 models
 * produce audio directly.
 */
export type ModelFamily = 'halfCascade' | 'nativeAudio' | 'gemini3';

/** How output transcription is ordered relative to the audio it transcribes. */
export type TranscriptOrder =
  /** Every transcript fragment of the answer comes before its first audio frame. */
  | 'leadsAudio'
  /** Transcript fragments follow the audio they belong to, interleaved. */
  | 'alongsideAudio';

export interface ServiceProfile {
  readonly backend: 'gemini' | 'vertex';
  readonly family: ModelFamily;
  /** Vertex writes `role: "model"` in `modelTurn`; the Gemini API leaves it out (§4.3). */
  readonly modelTurnRole: boolean;
  /** Vertex writes plain `audio/pcm`; the Gemini API `audio/pcm;rate=24000` (§5). */
  readonly outputAudioMimeType: string;
  /** Audio per output frame unless `timing.audioChunkMs` says otherwise (§5). */
  readonly defaultAudioChunkMs: number;
  readonly transcriptOrder: TranscriptOrder;
  /** Vertex opens an answer with an empty `outputTranscription {}` frame (§4.3). */
  readonly emptyTranscriptFirst: boolean;
  /** Vertex answers a `toolResponse` that matches no pending call; the Gemini API closes with 1007. */
  readonly toleratesUnmatchedToolResponse: boolean;
  /** Vertex sends `generationComplete` right after a `toolCall`. */
  readonly generationCompleteAfterToolCall: boolean;
  /** `setupComplete.sessionId` and `toolCall` ids: UUIDs on Vertex, counters on the Gemini API (§4.2, §4.4). */
  readonly ids: 'uuid' | 'counter';
}

/** Vertex sent 9,600- and 11,520-byte audio frames (200 and 240 ms at 24 kHz). */
const VERTEX_AUDIO_CHUNK_MS = 200;
/** The emulator's historical frame size on the Gemini API; no recording contradicts it. */
const GEMINI_AUDIO_CHUNK_MS = 40;

/** The family of a bare model name (without `models/` or a Vertex resource prefix). */
export function modelFamily(model: string): ModelFamily {
  if (model.includes('native-audio')) return 'nativeAudio';
  if (/^gemini-3/.test(model)) return 'gemini3';
  // gemini-live-2.5-flash-preview was recorded; the other non-native Live models are assumed alike.
  return 'halfCascade';
}

/** The frame rules of one backend and model. */
export function serviceProfile(backend: 'gemini' | 'vertex', model: string): ServiceProfile {
  const family = modelFamily(model);
  if (backend === 'vertex') {
    return {
      backend,
      family,
      modelTurnRole: true,
      outputAudioMimeType: 'audio/pcm',
      defaultAudioChunkMs: VERTEX_AUDIO_CHUNK_MS,
      transcriptOrder: 'leadsAudio',
      emptyTranscriptFirst: true,
      toleratesUnmatchedToolResponse: true,
      generationCompleteAfterToolCall: true,
      ids: 'uuid',
    };
  }
  return {
    backend,
    family,
    modelTurnRole: false,
    outputAudioMimeType: `audio/pcm;rate=${DEFAULT_OUTPUT_SAMPLE_RATE}`,
    defaultAudioChunkMs: GEMINI_AUDIO_CHUNK_MS,
    transcriptOrder: family === 'halfCascade' ? 'leadsAudio' : 'alongsideAudio',
    emptyTranscriptFirst: false,
    toleratesUnmatchedToolResponse: false,
    generationCompleteAfterToolCall: false,
    ids: 'counter',
  };
}
