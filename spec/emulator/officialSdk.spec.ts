import { GoogleGenAI, type LiveServerMessage, Modality } from '@google/genai';
import { EMULATOR_KEY, withEmulator } from '../support/emulator';

describe('emulator: the official @google/genai SDK works against it too', () => {
  it('connects with httpOptions.baseUrl, answers a text turn and sees the SDK close without a code (1005)', () =>
    withEmulator({}, async (emulator) => {
      const ai = new GoogleGenAI({ apiKey: EMULATOR_KEY, httpOptions: { baseUrl: emulator.baseUrl, apiVersion: 'v1beta' } });
      const messages: LiveServerMessage[] = [];
      let turnDone: () => void = () => undefined;
      const turn = new Promise<void>((resolve) => (turnDone = resolve));
      const session = await ai.live.connect({
        model: 'gemini-live-2.5-flash-preview',
        config: { responseModalities: [Modality.TEXT] },
        callbacks: {
          onmessage: (message) => {
            messages.push(message);
            if (message.serverContent?.turnComplete === true) turnDone();
          },
        },
      });
      session.sendClientContent({ turns: 'What is the capital of France?' });
      await turn;
      session.close();
      const text = messages.map((message) => message.serverContent?.modelTurn?.parts?.map((part) => part.text ?? '').join('') ?? '').join('');
      expect(text).toBe('The capital of France is Paris.');
      const connection = await emulator.connection(1);
      // The SDK's path has a double slash, and its close frame carries no code (PROTOCOL.md §1.4, §1.5).
      expect(connection.url.startsWith('//ws/')).toBe(true);
      expect(await connection.closed).toMatchObject({ code: 1005, by: 'client' });
    }));
});
