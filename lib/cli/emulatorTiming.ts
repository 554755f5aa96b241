/**
 * How the emulator paces replies for people: a short think before the first chunk, then audio
 * generated about twice as fast as it plays, as the real API does. `fast` drops every delay.
 */
import type { EmulatorTiming } from '../testing/emulator/options';

export function emulatorTiming(fast: boolean): EmulatorTiming {
  return fast ? { firstChunkDelayMs: 0, chunkIntervalMs: 0 } : { firstChunkDelayMs: 250, chunkIntervalMs: 20 };
}
