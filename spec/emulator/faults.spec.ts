import { filter, firstValueFrom } from 'rxjs';
import { LiveConnectionLostError, LiveProtocolError, LiveServerError } from '../../lib/errors';
import type { EmulatorFault } from '../../lib/testing/emulator/options';
import { emulatorSession, errorOf, firstMessage, isTurnComplete, messagesUntil, textOf, withEmulator } from '../support/emulator';
import { audioInputs, silence } from '../support/speechInput';

const TEXT = { responseModalities: ['TEXT' as const] };

describe('emulator: fault injection', () => {
  it.each<[string, EmulatorFault, new (...args: never[]) => Error, number]>([
    ['drops the TCP connection without a close frame', { at: 'setupComplete', action: { kind: 'drop' } }, LiveConnectionLostError, 1006],
    ['closes with 1011 mid-turn', { at: 'modelTurn', action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' } }, LiveServerError, 1011],
    ['closes during setup', { at: 'setup', action: { kind: 'close', code: 1011, reason: 'The service is currently unavailable.' } }, LiveServerError, 1011],
  ])('%s, and the session fails with the typed error', (_name, fault, errorClass, closeCode) =>
    withEmulator({ scenario: { faults: [fault] } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: TEXT });
      session.clientContent.next({ turns: 'hello' });
      const error = await errorOf(session);
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ closeCode });
      expect((await (await emulator.connection(1)).closed).by).toBe(fault.action.kind === 'drop' ? 'dropped' : 'server');
    }),
  );

  it('sends a malformed frame on request, which ends the session with LiveProtocolError', () =>
    withEmulator({ scenario: { faults: [{ at: 'setupComplete', action: { kind: 'malformed' } }] } }, async (emulator) => {
      const error = await errorOf(emulatorSession(emulator));
      expect(error).toBeInstanceOf(LiveProtocolError);
    }));

  it('fires a fault only on the connection it names, once', () =>
    withEmulator({ scenario: { faults: [{ at: 'setupComplete', action: { kind: 'drop' }, connection: 2 }] } }, async (emulator) => {
      const first = emulatorSession(emulator, { config: TEXT });
      first.clientContent.next({ turns: 'hello' });
      expect(textOf(await messagesUntil(first, isTurnComplete))).not.toBe('');
      expect(await errorOf(emulatorSession(emulator))).toBeInstanceOf(LiveConnectionLostError);
      const third = emulatorSession(emulator, { config: TEXT });
      third.clientContent.next({ turns: 'hello' });
      await messagesUntil(third, isTurnComplete);
    }));

  it('delays every frame by frameDelayMs and still keeps their order', () =>
    withEmulator({ timing: { frameDelayMs: 15 } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: TEXT });
      session.clientContent.next({ turns: 'What is the capital of France?' });
      const started = Date.now();
      const messages = await messagesUntil(session, isTurnComplete);
      expect(textOf(messages)).toBe('The capital of France is Paris.');
      // Each frame waits for the one before: the turn takes at least one delay per frame sent.
      const frames = (await emulator.connection(1)).sent.length;
      expect(frames).toBeGreaterThanOrEqual(5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(frames * 15 * 0.9);
    }));

  it('splits every message into two WebSocket fragments, which the client reassembles', () =>
    withEmulator({ timing: { splitFrames: true } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: TEXT });
      session.clientContent.next({ turns: 'What is the capital of France?' });
      expect(textOf(await messagesUntil(session, isTurnComplete))).toBe('The capital of France is Paris.');
    }));

  it('stalls reads: the client socket backs up, and realtime audio is held and dropped, never the turn', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { config: TEXT, outbox: { maxPendingRealtime: 4 } });
      const held = session.subscribe();
      await firstMessage(session, (message) => message.setupComplete !== undefined);
      const connection = await emulator.connection(1);
      connection.stall();
      // One second of audio per frame: enough to fill the loopback buffers quickly.
      const second = audioInputs(silence(1000)).map((input) => input.audio?.data ?? '');
      const frame = { audio: { data: second.join('').replace(/=/g, 'A'), mimeType: 'audio/pcm;rate=16000' } };
      const dropped = firstValueFrom(session.stats$.pipe(filter((stats) => stats.realtimeDropped > 0)));
      for (let index = 0; index < 400 && session.stats.realtimeDropped === 0; index += 1) session.realtimeInput.next(frame);
      await dropped;
      session.clientContent.next({ turns: 'still there?' });
      const answer = messagesUntil(session, isTurnComplete);
      connection.resume();
      expect(textOf(await answer)).toContain('still there?');
      held.unsubscribe();
      expect(connection.received.filter((message) => 'clientContent' in message)).toHaveLength(1);
    }));
});
