/**
 * Helpers for emulator scenarios: a session on the emulator through the public `liveSession` API, and
 * ways to wait on what it receives without sleeping.
 */
import { firstValueFrom, type Observable, filter, takeWhile, toArray, lastValueFrom } from 'rxjs';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import type { LiveSession } from '../../lib/session/liveSession';
import type { LiveSessionOptions } from '../../lib/session/options';
import { liveSession } from '../../lib/node';
import { startEmulator, type LiveEmulator } from '../../lib/testing/emulator/startEmulator';
import type { EmulatorOptions } from '../../lib/testing/emulator/options';

export const EMULATOR_KEY = 'AIzaEmulatorSpecKey000000000000000001';

/** Runs `body` with a fresh emulator, closed afterwards whatever happens. */
export async function withEmulator<T>(options: EmulatorOptions, body: (emulator: LiveEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

/** A session on `emulator` with our defaults (API key, v1beta) and `options` on top. */
export function emulatorSession(emulator: LiveEmulator, options: Partial<LiveSessionOptions> = {}): LiveSession {
  return liveSession({
    model: 'gemini-live-2.5-flash-preview',
    apiKey: EMULATOR_KEY,
    apiVersion: 'v1beta',
    baseUrl: emulator.baseUrl,
    ...options,
  });
}

/** Messages up to and including the first one that satisfies `last`. */
export function messagesUntil(source: Observable<LiveServerMessage>, last: (message: LiveServerMessage) => boolean): Promise<LiveServerMessage[]> {
  return lastValueFrom(source.pipe(takeWhile((message) => !last(message), true), toArray()));
}

export const isTurnComplete = (message: LiveServerMessage): boolean => message.serverContent?.turnComplete === true;

/** The first message that satisfies `predicate`. */
export function firstMessage(source: Observable<LiveServerMessage>, predicate: (message: LiveServerMessage) => boolean): Promise<LiveServerMessage> {
  return firstValueFrom(source.pipe(filter(predicate)));
}

/** The text of the model turns in `messages`, joined. */
export function textOf(messages: readonly LiveServerMessage[]): string {
  return messages.flatMap((message) => message.serverContent?.modelTurn?.parts ?? []).map((part) => part.text ?? '').join('');
}

/** The error an Observable ends with (rejects if it completes instead). */
export function errorOf(source: Observable<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => source.subscribe({ error: resolve, complete: () => reject(new Error('completed instead of failing')) }));
}
