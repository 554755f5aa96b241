/**
 * WAV files holding 16-bit PCM: read a recording to stream it into a session, write what the model
 * said to listen to it. Only the one sample format the Live API speaks is supported; anything else is
 * refused with a `LiveAudioFormatError` naming what was found, rather than decoded into noise.
 */
import { LiveAudioFormatError, LiveConfigError } from '../errors';
import { bytesToPcm16, pcm16ToBytes } from './pcm16';

/**
 * Decoded WAV audio.
 *
 * @category audio
 * @since 0.2.0
 */
export interface WavAudio {
  readonly sampleRate: number;
  readonly channelCount: number;
  /** PCM16 samples, channels interleaved (`L R L R …` for stereo). */
  readonly samples: Int16Array;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2–15 of every standard `KSDATAFORMAT_SUBTYPE_*` GUID; bytes 0–1 hold the format code. */
const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
/** Streaming writers that cannot seek back leave this as the data size: "until the end". */
const UNKNOWN_SIZE = 0xffffffff;
const HEADER_BYTES = 44;

interface Format {
  readonly channelCount: number;
  readonly sampleRate: number;
}

/**
 * Reads a WAV file of 16-bit PCM (format 1, or `WAVE_FORMAT_EXTENSIBLE` with the PCM subformat).
 * Chunks other than `fmt ` and `data` (`LIST`, `fact`, `cue `, …) are skipped, with or without their
 * pad byte. Throws `LiveAudioFormatError` for anything else: not RIFF/WAVE, float or 8/24/32-bit
 * samples, compressed formats, a missing `fmt ` or `data` chunk, or a file cut short.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { readWav } from 'rx-gemini-live/audio';
 *
 * const { sampleRate, channelCount, samples } = readWav(readFileSync('hello.wav'));
 * console.log(`${samples.length / channelCount / sampleRate} s`);
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function readWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WAVE') {
    const start = bytes.byteLength >= 4 ? fourCc(bytes, 0) : '';
    const hint = start === 'RIFX' ? ' (big-endian RIFX is not supported)' : start === 'RF64' ? ' (RF64 is not supported)' : '';
    throw new LiveAudioFormatError('wav', `not a RIFF/WAVE file${hint}`);
  }
  let format: Format | undefined;
  let data: Uint8Array | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength && data === undefined) {
    const id = fourCc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data') {
      if (format === undefined) throw new LiveAudioFormatError('wav', "the data chunk comes before any 'fmt ' chunk");
      const end = size === UNKNOWN_SIZE ? bytes.byteLength : body + size;
      if (end > bytes.byteLength) {
        throw new LiveAudioFormatError('wav', `truncated: the data chunk declares ${size} bytes, the file holds ${bytes.byteLength - body}`);
      }
      data = bytes.subarray(body, end);
    } else if (body + size > bytes.byteLength) {
      throw new LiveAudioFormatError('wav', `truncated: the '${id}' chunk declares ${size} bytes, the file holds ${bytes.byteLength - body}`);
    } else if (id === 'fmt ') {
      format = readFormat(view, body, size);
    }
    offset = nextChunk(bytes, body + size, size);
  }
  if (format === undefined) throw new LiveAudioFormatError('wav', "no 'fmt ' chunk");
  if (data === undefined) throw new LiveAudioFormatError('wav', 'no data chunk');
  const frameBytes = 2 * format.channelCount;
  if (data.byteLength % frameBytes !== 0) {
    throw new LiveAudioFormatError('wav', `truncated: ${data.byteLength} data bytes is not a whole number of ${frameBytes}-byte frames`);
  }
  // slice() gives the samples their own aligned buffer instead of a view into the caller's file.
  return { sampleRate: format.sampleRate, channelCount: format.channelCount, samples: bytesToPcm16(data.slice()) };
}

/**
 * Writes PCM16 samples (channels interleaved, mono unless `channelCount` says otherwise) as a WAV
 * file with the canonical 44-byte header. Throws `LiveConfigError` for a rate or channel count that
 * is not a positive integer, or samples that do not fill whole frames.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { writeWav } from 'rx-gemini-live/audio';
 *
 * // One second of silence at the Live API's output rate.
 * writeFileSync('silence.wav', writeWav({ sampleRate: 24000, samples: new Int16Array(24000) }));
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function writeWav(audio: { sampleRate: number; channelCount?: number; samples: Int16Array }): Uint8Array {
  const { sampleRate, samples } = audio;
  const channelCount = audio.channelCount ?? 1;
  if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new LiveConfigError('writeWav.sampleRate', `expected a sample rate in Hz (a positive integer), got ${String(sampleRate)}`);
  }
  if (!Number.isSafeInteger(channelCount) || channelCount <= 0 || channelCount > 0xffff) {
    throw new LiveConfigError('writeWav.channelCount', `expected a positive integer, got ${String(channelCount)}`);
  }
  if (samples.length % channelCount !== 0) {
    throw new LiveConfigError('writeWav.samples', `${samples.length} samples do not fill whole frames of ${channelCount} channels`);
  }
  const dataBytes = samples.length * 2;
  if (HEADER_BYTES - 8 + dataBytes > 0xffffffff) {
    throw new LiveConfigError('writeWav.samples', 'more than 4 GiB of samples does not fit a RIFF file');
  }
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  writeFourCc(out, 0, 'RIFF');
  view.setUint32(4, HEADER_BYTES - 8 + dataBytes, true);
  writeFourCc(out, 8, 'WAVE');
  writeFourCc(out, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, channelCount, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channelCount * 2, true);
  view.setUint16(32, channelCount * 2, true);
  view.setUint16(34, 16, true);
  writeFourCc(out, 36, 'data');
  view.setUint32(40, dataBytes, true);
  out.set(pcm16ToBytes(samples), HEADER_BYTES);
  return out;
}

/**
 * Averages interleaved channels into one (the Live API takes mono). Mono input is returned as is.
 * Throws `LiveConfigError` for a channel count that is not a positive integer or samples that do not
 * fill whole frames.
 *
 * @example
 * ```ts
 * import { downmixToMono } from 'rx-gemini-live/audio';
 *
 * downmixToMono(new Int16Array([100, 300, -5, -6]), 2); // Int16Array [200, -5]
 * ```
 *
 * @category audio
 * @since 0.2.0
 */
export function downmixToMono(samples: Int16Array, channelCount: number): Int16Array {
  if (!Number.isSafeInteger(channelCount) || channelCount <= 0) {
    throw new LiveConfigError('downmixToMono.channelCount', `expected a positive integer, got ${String(channelCount)}`);
  }
  if (samples.length % channelCount !== 0) {
    throw new LiveConfigError('downmixToMono.samples', `${samples.length} samples do not fill whole frames of ${channelCount} channels`);
  }
  if (channelCount === 1) return samples;
  const out = new Int16Array(samples.length / channelCount);
  for (let frame = 0, index = 0; frame < out.length; frame += 1) {
    let sum = 0;
    for (let channel = 0; channel < channelCount; channel += 1, index += 1) sum += samples[index] as number;
    // An average of in-range values stays in range, so no clamping is needed.
    out[frame] = Math.round(sum / channelCount);
  }
  return out;
}

function readFormat(view: DataView, at: number, size: number): Format {
  if (size < 16) throw new LiveAudioFormatError('wav', `the 'fmt ' chunk is ${size} bytes, expected at least 16`);
  let code = view.getUint16(at, true);
  const channelCount = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (code === FORMAT_EXTENSIBLE) {
    if (size < 40) throw new LiveAudioFormatError('wav', `the extensible 'fmt ' chunk is ${size} bytes, expected 40`);
    const guidTail = new Uint8Array(view.buffer, view.byteOffset + at + 26, SUBFORMAT_GUID_TAIL.length);
    if (!SUBFORMAT_GUID_TAIL.every((byte, index) => guidTail[index] === byte)) {
      throw new LiveAudioFormatError('wav', 'the extensible subformat is not a standard one (expected PCM)');
    }
    code = view.getUint16(at + 24, true);
  }
  if (code === FORMAT_FLOAT) throw new LiveAudioFormatError('wav', `${bitsPerSample}-bit float samples are not supported, only 16-bit PCM`);
  if (code !== FORMAT_PCM) throw new LiveAudioFormatError('wav', `format code 0x${code.toString(16)} is not supported, only 16-bit PCM (1)`);
  if (bitsPerSample !== 16) throw new LiveAudioFormatError('wav', `${bitsPerSample}-bit PCM is not supported, only 16-bit`);
  if (channelCount === 0) throw new LiveAudioFormatError('wav', 'the format declares 0 channels');
  if (sampleRate === 0) throw new LiveAudioFormatError('wav', 'the format declares a sample rate of 0');
  if (blockAlign !== 2 * channelCount) {
    throw new LiveAudioFormatError('wav', `block align ${blockAlign} does not match ${channelCount} channel(s) of 16-bit samples`);
  }
  return { channelCount, sampleRate };
}

/**
 * Where the chunk after one ending at `end` starts. RIFF pads odd-sized chunks to even offsets, but
 * some writers leave the pad byte out; trust the pad only when a chunk id follows it.
 */
function nextChunk(bytes: Uint8Array, end: number, size: number): number {
  if (size % 2 === 0) return end;
  if (end + 1 + 8 <= bytes.byteLength && isChunkId(bytes, end + 1)) return end + 1;
  if (end + 8 <= bytes.byteLength && isChunkId(bytes, end)) return end;
  return end + 1;
}

/** Chunk ids are four printable ASCII characters. */
function isChunkId(bytes: Uint8Array, at: number): boolean {
  for (let index = at; index < at + 4; index += 1) {
    const byte = bytes[index] as number;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] as number, bytes[at + 1] as number, bytes[at + 2] as number, bytes[at + 3] as number);
}

function writeFourCc(bytes: Uint8Array, at: number, id: string): void {
  for (let index = 0; index < 4; index += 1) bytes[at + index] = id.charCodeAt(index);
}
