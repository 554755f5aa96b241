/**
 * An energy-based voice activity detector standing in for Google's automatic activity detection
 * (`realtimeInputConfig.automaticActivityDetection`). It measures loudness in 20 ms
 * frames of audio time, not wall-clock time, so audio streamed faster than real time (a test, `--fast`)
 * is judged exactly like audio streamed live.
 */
import { concatPcm16 } from '../../audio/pcm16';
import type { AutomaticActivityDetection } from '../../protocol/liveConnectConfig';

/** Speech started or ended, at this offset of audio time from the first sample received. */
export interface VoiceActivityEvent {
  readonly kind: 'speechStart' | 'speechEnd';
  readonly atMs: number;
}

const FRAME_MS = 20;

/** Loudness (dBFS) a frame needs to count as speech, by start sensitivity: HIGH hears quieter voices. */
const START_THRESHOLD_DB = { START_SENSITIVITY_HIGH: -45, START_SENSITIVITY_LOW: -32 } as const;
/** Quieter than the start threshold by this much to count as silence again (hysteresis). */
const HYSTERESIS_DB = 6;
/** Silence that ends speech when `silenceDurationMs` is not set, by end sensitivity: HIGH ends sooner. */
const DEFAULT_SILENCE_MS = { END_SENSITIVITY_HIGH: 500, END_SENSITIVITY_LOW: 1000 } as const;
/** Speech that must last before its start is committed, when `prefixPaddingMs` is not set. */
const DEFAULT_PREFIX_MS = 40;

export class VoiceActivityDetector {
  private readonly frameSamples: number;
  private readonly startThreshold: number;
  private readonly silenceThreshold: number;
  private readonly prefixFrames: number;
  private readonly silenceFrames: number;
  private pending = new Int16Array(0);
  private framesSeen = 0;
  private loudRun = 0;
  private quietRun = 0;
  private speaking = false;

  constructor(sampleRate: number, config: AutomaticActivityDetection = {}) {
    this.frameSamples = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
    this.startThreshold =
      START_THRESHOLD_DB[config.startOfSpeechSensitivity === 'START_SENSITIVITY_LOW' ? 'START_SENSITIVITY_LOW' : 'START_SENSITIVITY_HIGH'];
    this.silenceThreshold = this.startThreshold - HYSTERESIS_DB;
    const silenceMs =
      config.silenceDurationMs ??
      DEFAULT_SILENCE_MS[config.endOfSpeechSensitivity === 'END_SENSITIVITY_LOW' ? 'END_SENSITIVITY_LOW' : 'END_SENSITIVITY_HIGH'];
    this.silenceFrames = Math.max(1, Math.ceil(silenceMs / FRAME_MS));
    this.prefixFrames = Math.max(1, Math.ceil((config.prefixPaddingMs ?? DEFAULT_PREFIX_MS) / FRAME_MS));
  }

  /** True between a committed speech start and its end. */
  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Audio time received so far. */
  get receivedMs(): number {
    return (this.framesSeen * FRAME_MS) + (this.pending.length * FRAME_MS) / this.frameSamples;
  }

  /** Feeds samples; returns the speech starts and ends they complete. */
  push(samples: Int16Array): VoiceActivityEvent[] {
    const events: VoiceActivityEvent[] = [];
    const all = this.pending.length === 0 ? samples : concatPcm16([this.pending, samples]);
    let offset = 0;
    for (; offset + this.frameSamples <= all.length; offset += this.frameSamples) {
      const event = this.frame(loudnessDb(all, offset, this.frameSamples));
      if (event !== undefined) events.push(event);
    }
    this.pending = all.slice(offset);
    return events;
  }

  /** The stream stopped (`audioStreamEnd`, or no audio for a while): speech in progress ends now. */
  flush(): VoiceActivityEvent[] {
    this.pending = new Int16Array(0);
    this.loudRun = 0;
    this.quietRun = 0;
    if (!this.speaking) return [];
    this.speaking = false;
    return [{ kind: 'speechEnd', atMs: this.framesSeen * FRAME_MS }];
  }

  private frame(db: number): VoiceActivityEvent | undefined {
    this.framesSeen += 1;
    const atMs = this.framesSeen * FRAME_MS;
    if (!this.speaking) {
      this.loudRun = db >= this.startThreshold ? this.loudRun + 1 : 0;
      if (this.loudRun < this.prefixFrames) return undefined;
      this.speaking = true;
      this.quietRun = 0;
      return { kind: 'speechStart', atMs: atMs - this.loudRun * FRAME_MS };
    }
    this.quietRun = db < this.silenceThreshold ? this.quietRun + 1 : 0;
    if (this.quietRun < this.silenceFrames) return undefined;
    this.speaking = false;
    this.loudRun = 0;
    return { kind: 'speechEnd', atMs: atMs - this.quietRun * FRAME_MS };
  }
}

/** RMS loudness of one frame in dB relative to full scale; digital silence is -Infinity. */
function loudnessDb(samples: Int16Array, offset: number, length: number): number {
  let sum = 0;
  for (let index = offset; index < offset + length; index += 1) {
    const value = (samples[index] as number) / 32768;
    sum += value * value;
  }
  return 10 * Math.log10(sum / length);
}
