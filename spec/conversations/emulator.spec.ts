import { concatMap, filter, first, firstValueFrom, from, lastValueFrom, take, toArray } from 'rxjs';
import { playbackQueue } from '../../lib/operators/playbackQueue';
import { ask } from '../../lib/operators/ask';
import type { LiveAnswer } from '../../lib/operators/nextAnswer';
import { type TurnMetrics, turnMetrics } from '../../lib/operators/turnMetrics';
import { LiveConversationEndedError, LiveInvalidArgumentError, LiveServerError } from '../../lib/errors';
import type { LiveSession } from '../../lib/session/liveSession';
import { emulatorSession, errorOf, withEmulator } from '../support/emulator';

const QUESTIONS = ['What is the capital of France?', 'Hello there', 'Thanks'];

/** Asks the questions one after another in one held conversation, with the metrics of each turn. */
async function converse(session: LiveSession, questions: readonly string[]): Promise<{ answers: LiveAnswer[]; metrics: TurnMetrics[] }> {
  const metrics: TurnMetrics[] = [];
  const measuring = turnMetrics(session).subscribe((turn) => metrics.push(turn));
  const conversation = session.connect();
  try {
    const answers = await lastValueFrom(from(questions).pipe(concatMap((question) => ask(session, question)), toArray()));
    return { answers, metrics };
  } finally {
    measuring.unsubscribe();
    conversation.unsubscribe();
  }
}

describe('conversations on the emulator', () => {
  it('holds one conversation for three text questions on an older model, sent as clientContent turns', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { model: 'gemini-live-2.5-flash-preview', config: { responseModalities: ['TEXT'] } });
      const { answers, metrics } = await converse(session, QUESTIONS);
      expect(answers.map((answer) => answer.text)).toEqual([
        'The capital of France is Paris.',
        'Hello! How can I help you today?',
        'You said: "Thanks". I am the Live API emulator, so my answers are canned.',
      ]);
      expect(answers.every((answer) => (answer.usage?.totalTokenCount ?? 0) > 0)).toBe(true);
      expect(emulator.connections).toHaveLength(1);
      const connection = await emulator.connection(1);
      expect(connection.received.filter((message) => 'clientContent' in message)).toHaveLength(3);
      expect(metrics.map((turn) => [turn.index, turn.userTurnEnd?.signal, turn.interrupted])).toEqual([
        [1, 'turnComplete', false],
        [2, 'turnComplete', false],
        [3, 'turnComplete', false],
      ]);
      for (const turn of metrics) {
        expect(turn.timeToFirstTextMs).toBeGreaterThanOrEqual(0);
        expect(turn.timeToFirstAudioMs).toBeUndefined();
        expect(turn.totalTokens).toBeGreaterThan(0);
      }
    }));

  it('holds one conversation on Gemini 3.1 with spoken answers, sending each question as realtimeInput.text', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, {
        model: 'gemini-3.1-flash-live-preview',
        config: { responseModalities: ['AUDIO'], outputAudioTranscription: {} },
      });
      const { answers, metrics } = await converse(session, QUESTIONS);
      expect(answers.map((answer) => answer.outputTranscript)).toEqual([
        'The capital of France is Paris.',
        'Hello! How can I help you today?',
        'You said: "Thanks". I am the Live API emulator, so my answers are canned.',
      ]);
      expect(answers.every((answer) => answer.audio.length > 0)).toBe(true);
      const connection = await emulator.connection(1);
      expect(connection.received.filter((message) => 'clientContent' in message)).toEqual([]);
      expect(connection.received.filter((message) => 'realtimeInput' in message)).toHaveLength(3);
      expect(metrics.map((turn) => turn.userTurnEnd?.signal)).toEqual(['text', 'text', 'text']);
      for (const turn of metrics) {
        expect(turn.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
        expect(turn.audioOutSeconds).toBeGreaterThan(0);
      }
    }));

  it('shows why the generation matters: a clientContent question mid-session is refused by Gemini 3.1 (1007)', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, { model: 'gemini-3.1-flash-live-preview', config: { responseModalities: ['TEXT'] } });
      const error = await errorOf(ask(session, 'Hello', { via: 'clientContent' }));
      expect(error).toBeInstanceOf(LiveConversationEndedError);
      expect((error as LiveConversationEndedError).cause).toBeInstanceOf(LiveInvalidArgumentError);
    }));

  it('answers tool calls on the way', () =>
    withEmulator({ scenario: { toolTriggers: [{ when: 'weather', name: 'get_weather', args: { city: 'Paris' } }] } }, async (emulator) => {
      const session = emulatorSession(emulator, {
        config: { responseModalities: ['TEXT'], tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city' }] }] },
      });
      const answer = await firstValueFrom(ask(session, 'What is the weather in Paris?', { tools: { get_weather: () => ({ forecast: 'sunny' }) } }));
      expect(answer.toolCalls.map((call) => call.name)).toEqual(['get_weather']);
      expect(answer.text).toBe('get_weather returned {"forecast":"sunny"}.');
    }));

  it('fails the question in progress with LiveConversationEndedError when the server ends the conversation mid-answer; the held connection reports it in state$', () =>
    withEmulator(
      { timing: { chunkIntervalMs: 5 }, scenario: { faults: [{ at: 'modelTurn', action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' }, connection: 1 }] } },
      async (emulator) => {
        const session = emulatorSession(emulator, { config: { responseModalities: ['TEXT'] } });
        const conversation = session.connect();
        const closed = firstValueFrom(session.state$.pipe(filter((state) => state.status === 'closed')));
        const error = await errorOf(ask(session, 'What is the capital of France?'));
        expect(error).toBeInstanceOf(LiveConversationEndedError);
        expect((error as LiveConversationEndedError).cause).toBeInstanceOf(LiveServerError);
        expect((await closed).error).toBeInstanceOf(LiveServerError);
        expect(conversation.closed).toBe(true);
      },
    ));

  it('measures an interrupted turn and the time to the local playback flush, then the turn that interrupted it', () =>
    withEmulator({ timing: { chunkIntervalMs: 30 } }, async (emulator) => {
      const session = emulatorSession(emulator, { config: { responseModalities: ['AUDIO'] } });
      const conversation = session.connect();
      // A player that stops as soon as it is told to.
      const playbackFlushed$ = session.pipe(playbackQueue(), filter((command) => command.kind === 'flush'));
      const metrics = firstValueFrom(turnMetrics(session, { playbackFlushed$ }).pipe(take(2), toArray()));
      session.clientContent.next({ turns: 'Tell me a long story about the sea' });
      // Barge in with a new question once the first answer is being spoken.
      await firstValueFrom(session.pipe(first((message) => (message.serverContent?.modelTurn?.parts?.length ?? 0) > 0)));
      session.clientContent.next({ turns: 'What is the capital of France?' });
      const [interrupted, answered] = await metrics;
      conversation.unsubscribe();
      expect(interrupted).toMatchObject({ index: 1, interrupted: true, userTurnEnd: { signal: 'turnComplete' } });
      expect(interrupted?.flushMs).toBeGreaterThanOrEqual(0);
      expect(answered).toMatchObject({ index: 2, interrupted: false, userTurnEnd: { signal: 'turnComplete' } });
      expect(answered?.flushMs).toBeUndefined();
      expect(answered?.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
    }));
});
