/**
 * What the emulated model "says": reply text cut into streaming chunks, and a voice-like signal for
 * AUDIO sessions (24 kHz PCM16). The voice is not speech; it has the rhythm of speech
 * (one voiced burst per word, pauses between), so that playback, barge-in and WAV output can be
 * checked by ear and by measurement, and its length follows the text.
 */
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../../audio/outputSampleRate';

const MS_PER_CHARACTER = 55;
const PAUSE_MS = 70;
const AMPLITUDE = 0.3 * 32767;

/**
 * Cuts `text` into chunks of `wordsPerChunk` words; joined, the chunks give back `text` exactly.
 */
export function textChunks(text: string, wordsPerChunk: number): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const leading = /^\s*/.exec(text)?.[0] ?? '';
  const chunks: string[] = [];
  for (let index = 0; index < words.length; index += wordsPerChunk) {
    chunks.push(words.slice(index, index + wordsPerChunk).join(''));
  }
  if (chunks.length === 0) return text === '' ? [] : [text];
  chunks[0] = leading + chunks[0];
  return chunks;
}

/** A voiced burst per word: a falling pitch with a few harmonics under a smooth envelope. */
export function synthesizeSpeech(text: string, sampleRate = DEFAULT_OUTPUT_SAMPLE_RATE): Int16Array {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const pause = Math.round((PAUSE_MS * sampleRate) / 1000);
  const lengths = words.map((word) => Math.round((Math.max(2, word.length) * MS_PER_CHARACTER * sampleRate) / 1000));
  const total = lengths.reduce((sum, length) => sum + length + pause, 0);
  const out = new Int16Array(total);
  let offset = 0;
  words.forEach((word, wordIndex) => {
    const length = lengths[wordIndex] as number;
    const basePitch = 110 + ((word.charCodeAt(0) * 7 + wordIndex * 13) % 60);
    let phase = 0;
    for (let index = 0; index < length; index += 1) {
      const progress = index / length;
      const pitch = basePitch * (1.1 - 0.2 * progress);
      phase += (2 * Math.PI * pitch) / sampleRate;
      const envelope = Math.sin(Math.PI * progress);
      const voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase) + 0.12 * Math.sin(5 * phase);
      out[offset + index] = Math.round((AMPLITUDE * envelope * voice) / 1.87);
    }
    offset += length + pause;
  });
  return out;
}

/** Cuts samples into chunks of `chunkMs`; the last one may be shorter. */
export function sliceAudio(samples: Int16Array, chunkMs: number, sampleRate = DEFAULT_OUTPUT_SAMPLE_RATE): Int16Array[] {
  const size = Math.max(1, Math.round((chunkMs * sampleRate) / 1000));
  const chunks: Int16Array[] = [];
  for (let offset = 0; offset < samples.length; offset += size) chunks.push(samples.subarray(offset, offset + size));
  return chunks;
}
