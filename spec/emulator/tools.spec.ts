import { Subscription } from 'rxjs';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { emulatorSession, firstMessage, isTurnComplete, messagesUntil, textOf, withEmulator } from '../support/emulator';

const WEATHER_TOOLS = [
  { functionDeclarations: [{ name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'OBJECT' as const, properties: { city: { type: 'STRING' as const } } } }] },
];
const WEATHER_TRIGGER = { toolTriggers: [{ when: 'weather', name: 'get_weather', args: { city: 'Paris' } }] };

describe('emulator: tools', () => {
  it('calls a declared function on a matching turn, waits for the response, then answers with it', () =>
    withEmulator({ scenario: WEATHER_TRIGGER }, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], tools: WEATHER_TOOLS } });
      const answered = session
        .pipe(handleToolCalls({ get_weather: (args) => ({ city: args.city, forecast: 'sunny', celsius: 21 }) }))
        .subscribe(session.toolResponse);
      session.clientContent.next({ turns: 'What is the weather in Paris?' });
      const messages = await messagesUntil(session, (message) => isTurnComplete(message) && message.usageMetadata !== undefined);
      answered.unsubscribe();
      const call = messages.find((message) => message.toolCall !== undefined)?.toolCall?.functionCalls?.[0];
      expect(call).toEqual({ id: 'function-call-1', name: 'get_weather', args: { city: 'Paris' } });
      expect(textOf(messages)).toBe('get_weather returned {"city":"Paris","forecast":"sunny","celsius":21}.');
      const connection = await emulator.connection(1);
      expect(connection.received.filter((message) => 'toolResponse' in message)).toEqual([
        { toolResponse: { functionResponses: [{ id: 'function-call-1', name: 'get_weather', response: { city: 'Paris', forecast: 'sunny', celsius: 21 } }] } },
      ]);
    }));

  it('does not call undeclared functions', () =>
    withEmulator({ scenario: WEATHER_TRIGGER }, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] } });
      session.clientContent.next({ turns: 'What is the weather in Paris?' });
      const messages = await messagesUntil(session, isTurnComplete);
      expect(messages.some((message) => message.toolCall !== undefined)).toBe(false);
    }));

  it('cancels a pending call when the user interrupts, and the handler is aborted', () =>
    withEmulator({ scenario: WEATHER_TRIGGER }, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], tools: WEATHER_TOOLS } });
      const subscriptions = new Subscription();
      let aborted: (reason: unknown) => void = () => undefined;
      const abortedReason = new Promise<unknown>((resolve) => (aborted = resolve));
      subscriptions.add(
        session
          .pipe(
            handleToolCalls({
              // A slow tool: it answers only when aborted, which must send nothing.
              get_weather: (_args, { signal }) =>
                new Promise((resolve) => signal.addEventListener('abort', () => { aborted(signal.reason); resolve({ late: true }); })),
            }),
          )
          .subscribe(session.toolResponse),
      );
      const cancellation = firstMessage(session, (message) => message.toolCallCancellation !== undefined);
      session.clientContent.next({ turns: 'What is the weather in Paris?' });
      await firstMessage(session, (message) => message.toolCall !== undefined);
      const answer = messagesUntil(session, (message) => isTurnComplete(message) && message.usageMetadata !== undefined);
      session.realtimeInput.next({ text: 'never mind' });
      expect((await cancellation).toolCallCancellation).toEqual({ ids: ['function-call-1'] });
      expect(await abortedReason).toMatchObject({ cause: 'cancelled' });
      // The answer to the new turn arrives, and no tool response was ever sent.
      const messages: LiveServerMessage[] = await answer;
      expect(messages.findIndex((message) => message.serverContent?.interrupted === true)).toBeLessThan(
        messages.findIndex((message) => message.serverContent?.modelTurn !== undefined),
      );
      expect(textOf(messages)).toContain('never mind');
      subscriptions.unsubscribe();
      const connection = await emulator.connection(1);
      expect(connection.received.some((message) => 'toolResponse' in message)).toBe(false);
    }));
});
