import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveServerError } from '../../lib/errors';
import { emulatorSession, errorOf, firstMessage, isTurnComplete, messagesUntil, textOf, withEmulator } from '../support/emulator';

const countingReply = { reply: (turn: { index: number; text: string }) => `Turn ${turn.index}: ${turn.text}` };

describe('emulator: session lifecycle', () => {
  it('sends sessionResumptionUpdate handles only when resumption is enabled', () =>
    withEmulator({}, async (emulator) => {
      const plain = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] } });
      plain.clientContent.next({ turns: 'hello' });
      expect((await messagesUntil(plain, isTurnComplete)).some((message) => message.sessionResumptionUpdate !== undefined)).toBe(false);

      const resumable = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], sessionResumption: {} } });
      resumable.clientContent.next({ turns: 'hello' });
      const messages = await messagesUntil(resumable, updateAfterTurn());
      const updates = messages.filter((message) => message.sessionResumptionUpdate !== undefined);
      expect(updates.map((message) => message.sessionResumptionUpdate)).toEqual([
        { newHandle: expect.stringMatching(/^emulator-handle-/), resumable: true },
        { newHandle: expect.stringMatching(/^emulator-handle-/), resumable: true },
      ]);
    }));

  it('restores the conversation when a new connection resumes with a handle', () =>
    withEmulator({ scenario: countingReply }, async (emulator) => {
      const first = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], sessionResumption: {} } });
      first.clientContent.next({ turns: 'one' });
      const firstTurn = await messagesUntil(first, updateAfterTurn());
      const handle = firstTurn[firstTurn.length - 1]?.sessionResumptionUpdate?.newHandle ?? '';
      expect(textOf(firstTurn)).toBe('Turn 1: one');

      const resumed = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], sessionResumption: { handle } } });
      resumed.clientContent.next({ turns: 'two' });
      const secondTurn = await messagesUntil(resumed, isTurnComplete);
      // The emulated model remembers the first turn: numbering and the prompt size carry over.
      expect(textOf(secondTurn)).toBe('Turn 2: two');
      expect(secondTurn[secondTurn.length - 1]?.usageMetadata?.promptTokenCount).toBeGreaterThan(firstTurn.find(isTurnComplete)?.usageMetadata?.promptTokenCount ?? Infinity);
      expect((await emulator.connection(2)).sessionId).toBe((await emulator.connection(1)).sessionId);
    }));

  it('refuses an unknown handle with 1007, and a resume while the old connection is open with 1011', () =>
    withEmulator({}, async (emulator) => {
      const unknown = await errorOf(emulatorSession(emulator, { config: { sessionResumption: { handle: 'made-up' } } }));
      expect(unknown).toMatchObject({ closeCode: 1007 });

      const first = emulatorSession(emulator, { config: { sessionResumption: {} } });
      const held = first.subscribe();
      const update = await firstMessage(first, (message) => message.sessionResumptionUpdate !== undefined);
      const second = await errorOf(emulatorSession(emulator, { config: { sessionResumption: { handle: update.sessionResumptionUpdate?.newHandle ?? '' } } }));
      held.unsubscribe();
      expect(second).toBeInstanceOf(LiveServerError);
      expect(second).toMatchObject({ closeCode: 1011 });
    }));

  it('sends goAway with timeLeft before the connection lifetime ends, then closes with 1011', () =>
    withEmulator({ connectionLifetimeMs: 300, goAwayLeadMs: 200 }, async (emulator) => {
      const session = emulatorSession(emulator);
      const messages: unknown[] = [];
      const error = await new Promise((resolve) => session.subscribe({ next: (message) => messages.push(message), error: resolve }));
      expect(messages).toEqual([{ setupComplete: {} }, { goAway: { timeLeft: '0.2s' } }]);
      expect(error).toBeInstanceOf(LiveServerError);
      expect(error).toMatchObject({ closeCode: 1011, reason: 'Deadline expired before operation could complete.' });
    }));

  it('lets a client that honours goAway close cleanly before the deadline', () =>
    withEmulator({ connectionLifetimeMs: 10_000, goAwayLeadMs: 9_900 }, async (emulator) => {
      const session = emulatorSession(emulator);
      await firstMessage(session, (message) => message.goAway !== undefined);
      const connection = await emulator.connection(1);
      expect(await connection.closed).toEqual({ code: 1000, reason: expect.any(String), by: 'client' });
    }));
});

/** True for the first resumption update after a turnComplete: its handle includes that turn. */
function updateAfterTurn(): (message: LiveServerMessage) => boolean {
  let turnDone = false;
  return (message) => {
    if (isTurnComplete(message)) turnDone = true;
    return turnDone && message.sessionResumptionUpdate !== undefined;
  };
}
