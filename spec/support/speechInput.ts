/**
 * Microphone stand-ins for emulator scenarios: speech-like bursts (the emulator's own synthetic voice,
 * at 16 kHz) and silence, cut into 40 ms realtime-input values.
 */
import { encodeBase64 } from '../../lib/audio/base64';
import { concatPcm16, pcm16ToBytes } from '../../lib/audio/pcm16';
import { first } from 'rxjs';
import type { LiveRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import type { LiveSession } from '../../lib/session/liveSession';
import { synthesizeSpeech } from '../../lib/testing/emulator/speech';

export const INPUT_RATE = 16_000;

export function speech(text: string, scale = 1): Int16Array {
  const samples = synthesizeSpeech(text, INPUT_RATE);
  return scale === 1 ? samples : samples.map((sample) => Math.round(sample * scale));
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * INPUT_RATE) / 1000));
}

/** The samples as 40 ms `realtimeInput` audio values. */
export function audioInputs(...parts: Int16Array[]): LiveRealtimeInput[] {
  const all = concatPcm16(parts);
  const frame = (INPUT_RATE * 40) / 1000;
  const inputs: LiveRealtimeInput[] = [];
  for (let start = 0; start < all.length; start += frame) {
    inputs.push({ audio: { data: encodeBase64(pcm16ToBytes(all.slice(start, start + frame))), mimeType: `audio/pcm;rate=${INPUT_RATE}` } });
  }
  return inputs;
}

/**
 * Sends `inputs` once the session is open, as a microphone pipeline should: before that the outbox
 * keeps only the newest `maxPendingRealtime` media frames.
 */
export function streamWhenOpen(session: LiveSession, inputs: readonly LiveRealtimeInput[]): void {
  session.state$.pipe(first((state) => state.status === 'open')).subscribe(() => {
    for (const input of inputs) session.realtimeInput.next(input);
  });
}
