import { filter, lastValueFrom, take } from 'rxjs';
import { decodeBase64 } from '../../lib/audio/base64';
import { bytesToPcm16 } from '../../lib/audio/pcm16';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { emulatorSession, firstMessage, isTurnComplete, messagesUntil, withEmulator } from '../support/emulator';
import { audioInputs, silence, speech, streamWhenOpen } from '../support/speechInput';

const AUDIO_CONFIG = { responseModalities: ['AUDIO' as const], inputAudioTranscription: {}, outputAudioTranscription: {} };

function audioParts(messages: readonly LiveServerMessage[]): Int16Array[] {
  return messages
    .flatMap((message) => message.serverContent?.modelTurn?.parts ?? [])
    .flatMap((part) => (part.inlineData?.data === undefined ? [] : [bytesToPcm16(decodeBase64(part.inlineData.data))]));
}

function transcript(messages: readonly LiveServerMessage[], direction: 'inputTranscription' | 'outputTranscription'): string {
  return messages.map((message) => message.serverContent?.[direction]?.text ?? '').join('');
}

describe('emulator: audio', () => {
  it('with AUDIO modality streams 24 kHz PCM16 chunks of 40 ms plus the output transcription', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { config: AUDIO_CONFIG });
      session.clientContent.next({ turns: 'What is the capital of France?' });
      const messages = await messagesUntil(session, isTurnComplete);
      const mimeTypes = new Set(messages.flatMap((message) => message.serverContent?.modelTurn?.parts ?? []).map((part) => part.inlineData?.mimeType));
      expect([...mimeTypes]).toEqual(['audio/pcm;rate=24000']);
      const chunks = audioParts(messages);
      expect(chunks.length).toBeGreaterThan(10);
      expect(chunks.slice(0, -1).every((chunk) => chunk.length === 960)).toBe(true);
      const peak = Math.max(...chunks.flatMap((chunk) => Array.from(chunk, Math.abs)));
      expect(peak).toBeGreaterThan(3000);
      expect(transcript(messages, 'outputTranscription')).toBe('The capital of France is Paris.');
      expect(messages.some((message) => message.serverContent?.modelTurn?.parts?.some((part) => part.text !== undefined))).toBe(false);
    }));

  it('hears speech with its voice activity detector, transcribes it from the scenario and answers', () =>
    withEmulator({ scenario: { speechTranscript: 'Hello from the microphone' } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: AUDIO_CONFIG });
      const turn = messagesUntil(session, isTurnComplete);
      streamWhenOpen(session, audioInputs(silence(300), speech('hello from the microphone'), silence(800)));
      const messages = await turn;
      expect(transcript(messages, 'inputTranscription')).toBe('Hello from the microphone');
      expect(messages.filter((message) => message.serverContent?.inputTranscription?.finished === true)).toHaveLength(1);
      expect(transcript(messages, 'outputTranscription')).toBe('Hello! How can I help you today?');
      const connection = await emulator.connection(1);
      expect(connection.audio).toMatchObject({ speechStarts: 1, speechEnds: 1, sampleRates: new Set([16000]) });
      expect(connection.audio.samples).toBeGreaterThan(16000);
    }));

  it('ends the turn on audioStreamEnd without waiting for silence', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'], realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: 5000 } } } });
      const turn = messagesUntil(session, isTurnComplete);
      streamWhenOpen(session, [...audioInputs(speech('what is the capital of france'), silence(100)), { audioStreamEnd: true }]);
      const messages = await turn;
      expect(messages.some((message) => message.serverContent?.modelTurn !== undefined)).toBe(true);
    }));

  it('honours silenceDurationMs: a pause shorter than it keeps the turn open', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, {
        config: { responseModalities: ['TEXT'], realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: 600 } } },
      });
      const turn = messagesUntil(session, isTurnComplete);
      streamWhenOpen(session, audioInputs(speech('first part'), silence(400), speech('second part'), silence(700)));
      await turn;
      expect((await emulator.connection(1)).audio).toMatchObject({ speechStarts: 1, speechEnds: 1 });
    }));

  it('honours end sensitivity: a 700 ms pause ends the turn with HIGH but not with LOW', () =>
    withEmulator({}, async (emulator) => {
      const paused = (): ReturnType<typeof audioInputs> => audioInputs(speech('first part'), silence(700), speech('second part'), silence(1200));
      for (const endOfSpeechSensitivity of ['END_SENSITIVITY_HIGH', 'END_SENSITIVITY_LOW'] as const) {
        const session = emulatorSession(emulator, {
          config: { responseModalities: ['TEXT'], realtimeInputConfig: { automaticActivityDetection: { endOfSpeechSensitivity } } },
        });
        const held = session.subscribe();
        streamWhenOpen(session, [...paused(), { audioStreamEnd: true }]);
        // audioStreamEnd ends whatever speech is left, so each run ends with one reply per turn heard.
        const replies = endOfSpeechSensitivity === 'END_SENSITIVITY_HIGH' ? 2 : 1;
        await lastValueFrom(session.pipe(filter((message) => isTurnComplete(message) && message.usageMetadata !== undefined), take(replies)));
        held.unsubscribe();
      }
      expect((await emulator.connection(1)).audio.speechEnds).toBe(2);
      expect((await emulator.connection(2)).audio.speechEnds).toBe(1);
    }));

  it('honours start sensitivity: quiet speech starts a turn with HIGH and none with LOW', () =>
    withEmulator({}, async (emulator) => {
      const quiet = (): ReturnType<typeof audioInputs> => audioInputs(speech('quiet words here', 0.1), silence(700));
      const high = emulatorSession(emulator, {
        config: { responseModalities: ['TEXT'], realtimeInputConfig: { automaticActivityDetection: { startOfSpeechSensitivity: 'START_SENSITIVITY_HIGH' } } },
      });
      const turn = messagesUntil(high, isTurnComplete);
      streamWhenOpen(high, quiet());
      await turn;
      expect((await emulator.connection(1)).audio.speechStarts).toBe(1);

      const low = emulatorSession(emulator, {
        config: { responseModalities: ['TEXT'], realtimeInputConfig: { automaticActivityDetection: { startOfSpeechSensitivity: 'START_SENSITIVITY_LOW' } } },
      });
      // A text turn after the quiet audio proves the audio was processed and produced no turn.
      const reply = messagesUntil(low, isTurnComplete);
      streamWhenOpen(low, [...quiet(), { text: 'hello' }]);
      await reply;
      expect((await emulator.connection(2)).audio).toMatchObject({ speechStarts: 0 });
    }));

  it('with automatic VAD disabled, takes the turn from activityStart to activityEnd', () =>
    withEmulator({ scenario: { speechTranscript: 'Manual turn' } }, async (emulator) => {
      const session = emulatorSession(emulator, {
        config: { ...AUDIO_CONFIG, responseModalities: ['TEXT'], realtimeInputConfig: { automaticActivityDetection: { disabled: true } } },
      });
      const turn = messagesUntil(session, isTurnComplete);
      session.realtimeInput.next({ activityStart: {} });
      // Silence too: with manual activity marks the detector does not decide.
      streamWhenOpen(session, [...audioInputs(silence(1200)), { activityEnd: {} }]);
      const messages = await turn;
      expect(transcript(messages, 'inputTranscription')).toBe('Manual turn');
    }));

  it('is interrupted by speech during a reply (barge-in): interrupted, then turnComplete, and no more audio', () =>
    withEmulator({ timing: { chunkIntervalMs: 20 }, scenario: { reply: (turn) => (turn.index === 1 ? 'A long answer that takes a while to say out loud, word after word after word.' : 'Yes?') } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: AUDIO_CONFIG });
      // One subscription holds the connection open across the waits below.
      const held = session.subscribe();
      session.clientContent.next({ turns: 'Tell me something long' });
      await firstMessage(session, (message) => message.serverContent?.modelTurn !== undefined);
      streamWhenOpen(session, audioInputs(speech('stop please')));
      await firstMessage(session, (message) => message.serverContent?.interrupted === true);
      const connection = await emulator.connection(1);
      const interruptedAt = connection.sent.findIndex((message) => (message.serverContent as { interrupted?: boolean } | undefined)?.interrupted === true);
      expect(connection.sent[interruptedAt + 1]).toEqual({ serverContent: { turnComplete: true } });
      expect(connection.sent.some((message) => (message.serverContent as { generationComplete?: boolean } | undefined)?.generationComplete === true)).toBe(false);
      // The user's turn ends and gets its own answer.
      const answer = messagesUntil(session, isTurnComplete);
      streamWhenOpen(session, audioInputs(silence(700)));
      await answer;
      held.unsubscribe();
      expect(connection.audio.speechEnds).toBe(1);
    }));

  it('with NO_INTERRUPTION keeps talking over speech', () =>
    withEmulator({ timing: { chunkIntervalMs: 5 } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: { ...AUDIO_CONFIG, realtimeInputConfig: { activityHandling: 'NO_INTERRUPTION' } } });
      const turn = messagesUntil(session, isTurnComplete);
      session.clientContent.next({ turns: 'What is the capital of France?' });
      await firstMessage(session, (message) => message.serverContent?.modelTurn !== undefined);
      streamWhenOpen(session, audioInputs(speech('not now')));
      const messages = await turn;
      expect(messages.some((message) => message.serverContent?.interrupted === true)).toBe(false);
      expect(messages.some((message) => message.serverContent?.generationComplete === true)).toBe(true);
    }));
});
