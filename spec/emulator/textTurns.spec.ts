import { decodeServerFrame } from '../../lib/protocol/decodeServerFrame';
import { emulatorSession, isTurnComplete, messagesUntil, textOf, withEmulator } from '../support/emulator';

describe('emulator: text turns', () => {
  it('answers clientContent with several modelTurn chunks, generationComplete, then turnComplete with usage', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] } });
      session.clientContent.next({ turns: 'What is the capital of France?' });
      const messages = await messagesUntil(session, isTurnComplete);
      expect(messages[0]).toEqual({ setupComplete: {} });
      const chunks = messages.filter((message) => message.serverContent?.modelTurn !== undefined);
      expect(chunks.length).toBeGreaterThan(1);
      expect(textOf(messages)).toBe('The capital of France is Paris.');
      const generationComplete = messages.findIndex((message) => message.serverContent?.generationComplete === true);
      expect(generationComplete).toBe(messages.length - 2);
      const last = messages[messages.length - 1];
      expect(last?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
      const connection = await emulator.connection(1);
      expect(connection.received.map((message) => Object.keys(message)[0])).toEqual(['setup', 'clientContent']);
      // Like Google: pretty-printed JSON that our own decoder reads back to the same messages.
      for (const sent of connection.sent) {
        const frame = Buffer.from(`${JSON.stringify(sent, null, 2)}\n`);
        expect(decodeServerFrame(frame)).toEqual({ _tag: 'Right', right: sent });
      }
    }));

  it('answers realtimeInput.text as a turn of its own', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] } });
      session.realtimeInput.next({ text: 'hello there' });
      const messages = await messagesUntil(session, isTurnComplete);
      expect(textOf(messages)).toBe('Hello! How can I help you today?');
    }));

  it('streams a scripted reply with the scripted timing', () =>
    withEmulator(
      { scenario: { reply: (turn) => `Turn ${turn.index}: ${turn.text.toUpperCase()}` }, timing: { wordsPerChunk: 1, chunkIntervalMs: 1 } },
      async (emulator) => {
        const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] } });
        session.clientContent.next({ turns: 'one two' });
        const messages = await messagesUntil(session, isTurnComplete);
        expect(messages.filter((message) => message.serverContent?.modelTurn !== undefined).map((message) => textOf([message]))).toEqual([
          'Turn ',
          '1: ',
          'ONE ',
          'TWO',
        ]);
      },
    ));
});
