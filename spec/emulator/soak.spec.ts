/**
 * A long session in a few seconds: 30 minutes of microphone audio streamed at an accelerated pace,
 * a connection lifetime of 500 ms standing for Google's ~10 minutes, with the goAway 150 ms before
 * its end (so a rotation every ~350 ms: seconds of wall time are hours of simulated session), and a
 * drop, a 1011 or a frozen server every 10 turns. The emulated model thinks 120 ms before it answers,
 * longer than the session's in-flight window on this link (docs/resilience.md): a connection shorter
 * than that window, or a model faster than it, would leave every turn inside it, kept for replay.
 * The conversation must come out whole (every turn exactly once in the emulated model's history),
 * the session open, and the heap flat.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { filter, firstValueFrom } from 'rxjs';
import type { LiveSession } from '../../lib/session/liveSession';
import type { LiveEmulator } from '../../lib/testing/emulator/startEmulator';
import { emulatorSession, withEmulator } from '../support/emulator';
import { expectNoLeaks, liveResources } from '../support/leaks';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** 30 simulated minutes of 16 kHz mono audio, in one-second chunks. */
const AUDIO_SECONDS = 30 * 60;
const SAMPLE_RATE = 16_000;
const TURNS = 80;
/** Stands for Google's ~10-minute connection lifetime (PROTOCOL.md §6.4). */
const LIFETIME_MS = 500;
/** `goAway` comes this long before the end, so each connection is asked to go 350 ms after it opened. */
const GO_AWAY_LEAD_MS = 150;
/** Every FAULT_EVERY turns, the current connection fails (drop, 1011, freeze in turn). */
const FAULT_EVERY = 10;
/** The emulated model's thinking time before the first chunk of each answer. */
const THINKING_MS = 120;
/** Generous: the state a session keeps is a few KB; everything else must be collectable. */
const HEAP_GROWTH_LIMIT_BYTES = 24 * 1024 * 1024;

function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Streams the audio as fast as the outbox takes it, yielding to the event loop after each chunk. */
async function pumpAudio(session: LiveSession, seconds: number): Promise<number> {
  const chunk = { audio: { data: Buffer.alloc(SAMPLE_RATE * 2).toString('base64'), mimeType: `audio/pcm;rate=${SAMPLE_RATE}` } };
  let sent = 0;
  for (; sent < seconds; sent += 1) {
    session.realtimeInput.next(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

/** Sends a turn and waits until the emulated model's answer to it is in a resumable handle. */
async function turn(emulator: LiveEmulator, session: LiveSession, text: string): Promise<void> {
  const committed = firstValueFrom(
    session.pipe(
      filter((message) => {
        const last = emulator.connections.at(-1)?.history.at(-1);
        return message.sessionResumptionUpdate?.resumable === true && last?.role === 'model' && last.text.endsWith(`: ${text}`);
      }),
    ),
  );
  session.clientContent.next({ turns: text });
  await committed;
}

function injectFault(emulator: LiveEmulator, index: number): void {
  const connection = emulator.connections.at(-1);
  if (connection === undefined || !connection.open) return;
  const kind = index % 3;
  if (kind === 0) connection.drop();
  else if (kind === 1) connection.close(1011, 'Internal error encountered.');
  else connection.freeze();
}

describe('reconnect: a long session', () => {
  it(
    `streams ${AUDIO_SECONDS / 60} minutes of audio across many goAways and faults: every turn once, open, heap flat`,
    async () => {
      const baseline = liveResources();
      await withEmulator(
        { connectionLifetimeMs: LIFETIME_MS, goAwayLeadMs: GO_AWAY_LEAD_MS, timing: { firstChunkDelayMs: THINKING_MS }, record: false, scenario: { reply: (t) => `Turn ${t.index}: ${t.text}` } },
        async (emulator) => {
          const session = emulatorSession(emulator, {
            config: { responseModalities: ['TEXT'] },
            reconnect: { initialDelayMs: 5, maxDelayMs: 50, maxAttempts: 6, goAwayMarginMs: 50, responseTimeoutMs: 500 },
          });
          const held = session.subscribe();
          const texts = Array.from({ length: TURNS }, (_, index) => `turn ${index + 1}`);
          await turn(emulator, session, 'warm up');
          const before = heapUsed();
          const started = Date.now();
          const audio = pumpAudio(session, AUDIO_SECONDS);
          for (const [index, text] of texts.entries()) {
            if (index > 0 && index % FAULT_EVERY === 0) injectFault(emulator, index / FAULT_EVERY);
            await turn(emulator, session, text);
          }
          const secondsSent = await audio;
          const after = heapUsed();
          const growth = after - before;
          const samplesHeard = emulator.connections.reduce((sum, connection) => sum + connection.audio.samples, 0);
          held.unsubscribe();
          const ends = await Promise.all(emulator.connections.map((connection) => connection.closed));
          // A goAway rotation: the emulator announced the end, and we closed first (1000).
          const rotations = emulator.connections.filter(
            (connection, index) => connection.sent.some((message) => 'goAway' in message) && ends[index]?.by === 'client' && ends[index]?.code === 1000,
          ).length;
          // The figure docs/resilience.md quotes.
          console.log(
            `soak: ${secondsSent} s of audio, ${TURNS} turns, ${emulator.connections.length} connections (${rotations} goAway rotations) in ${Date.now() - started} ms; ` +
              `heap ${(before / 1048576).toFixed(1)} → ${(after / 1048576).toFixed(1)} MiB (${(growth / 1048576).toFixed(2)} MiB); ` +
              `audio heard ${(samplesHeard / SAMPLE_RATE).toFixed(0)} s, dropped ${session.stats.realtimeDropped} chunks`,
          );

          expect(secondsSent).toBe(AUDIO_SECONDS);
          // The last connection that got as far as setup: under load, a goAway rotation can open one
          // more socket that the unsubscribe closes before its setup, with no conversation at all.
          const history = emulator.connections.filter((connection) => connection.sessionId !== undefined).at(-1)?.history ?? [];
          expect(history.filter((entry) => entry.role === 'user').map((entry) => entry.text)).toEqual(['warm up', ...texts]);
          expect(history.filter((entry) => entry.role === 'model')).toHaveLength(TURNS + 1);
          // Rotations on goAway, and reconnects after the faults: the session never gave up.
          expect(rotations).toBeGreaterThanOrEqual(3);
          expect(emulator.connections.length).toBeGreaterThan(rotations + TURNS / FAULT_EVERY / 2);
          expect(ends.filter((end) => end.code === 1011 && end.reason.startsWith('Deadline')).length).toBeLessThanOrEqual(TURNS / FAULT_EVERY);
          // Audio is never replayed: the server heard at most what was sent and not dropped (audio
          // sent to a frozen server is lost: nothing tells the client).
          expect(samplesHeard).toBeGreaterThan(0);
          expect(samplesHeard + session.stats.realtimeDropped * SAMPLE_RATE).toBeLessThanOrEqual(AUDIO_SECONDS * SAMPLE_RATE);
          expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
        },
      );
      await expectNoLeaks(baseline);
    },
    60_000,
  );
});
