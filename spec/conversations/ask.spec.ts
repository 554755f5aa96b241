import { concatMap, from, map } from 'rxjs';
import { ask } from '../../lib/operators/ask';
import { type LiveAnswer, nextAnswer } from '../../lib/operators/nextAnswer';
import { midSessionTextInput } from '../../lib/protocol/modelName';
import { toClientContent } from '../../lib/protocol/toClientContent';
import { toRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveConversationEndedError, LiveServerError } from '../../lib/errors';
import { fakeLiveSession } from '../../lib/testing/fakeLiveSession';
import { serverMessages as m } from '../../lib/testing/messages';
import { closeError, sessionStates } from '../../lib/testing/sessionStates';
import { testScheduler } from '../support/marbles';

const replaced: LiveServerMessage = { connectionReplaced: { reason: 'goAway' } };
const summary = (answer: LiveAnswer) => ({ text: answer.text, endedBy: answer.endedBy, tokens: answer.usage?.totalTokenCount, calls: answer.toolCalls.map((call) => call.name) });

describe('ask in a held conversation (marbles)', () => {
  it('asks three questions in turn on one connection and gets three whole answers', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const server = hot('-a-b-t-c-u-d-e-v', {
        a: m.setupComplete(),
        b: m.text('Paris.'),
        t: m.turnComplete({ totalTokenCount: 10 }),
        c: m.text('Rome.'),
        u: m.turnComplete({ totalTokenCount: 20 }),
        d: m.text('Ber'),
        e: m.text('lin.'),
        v: m.turnComplete({ totalTokenCount: 30 }),
      });
      const session = fakeLiveSession(server);
      const conversation = session.connect();
      const answers = from(['France?', 'Italy?', 'Germany?']).pipe(
        concatMap((question) => ask(session, question)),
        map(summary),
      );
      expectObservable(answers).toBe('-----t---u-----(v|)', {
        t: { text: 'Paris.', endedBy: 'turnComplete', tokens: 10, calls: [] },
        u: { text: 'Rome.', endedBy: 'turnComplete', tokens: 20, calls: [] },
        v: { text: 'Berlin.', endedBy: 'turnComplete', tokens: 30, calls: [] },
      });
      // The older generation takes each question as a clientContent turn, sent when it is asked.
      expectObservable(session.sent.clientContent).toBe('a----b---c', {
        a: toClientContent({ turns: 'France?', turnComplete: true }),
        b: toClientContent({ turns: 'Italy?', turnComplete: true }),
        c: toClientContent({ turns: 'Germany?', turnComplete: true }),
      });
      expectObservable(session.state$.pipe(map((state) => state.status))).toBe('o', { o: 'open' });
      return () => conversation.unsubscribe();
    });
  });

  it('sends the question as realtimeInput.text to Gemini 3.1 (clientContent only seeds history there)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(cold('--a-t', { a: m.text('Paris.'), t: m.turnComplete() }), { model: 'models/gemini-3.1-flash-live-preview' });
      expectObservable(ask(session, 'France?').pipe(map((answer) => answer.text))).toBe('----(a|)', { a: 'Paris.' });
      expectObservable(session.sent.all).toBe('a', { a: toRealtimeInput({ text: 'France?' }) });
    });
  });

  it('fails at once with the LiveInputError when the session refuses the question', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const session = fakeLiveSession(cold('--a-t', { a: m.text('Paris.'), t: m.turnComplete() }));
      const seen: unknown[] = [];
      ask(session, 42 as unknown as string).subscribe({ next: (answer) => seen.push(answer), error: (error: unknown) => seen.push(error) });
      expectObservable(session.sent.all).toBe('');
      flush();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ name: 'LiveInputError', sink: 'clientContent' });
    });
  });

  it('lets via choose the way explicitly', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(cold('-a-t', { a: m.text('Hello.'), t: m.turnComplete({ totalTokenCount: 1 }) }));
      expectObservable(ask(session, 'Hi', { via: 'realtimeText' }).pipe(map((answer) => answer.usage))).toBe('---(a|)', { a: { totalTokenCount: 1 } });
      expectObservable(session.sent.all).toBe('a', { a: toRealtimeInput({ text: 'Hi' }) });
    });
  });

  it('answers tool calls on the way with the given handlers and lists them in the answer', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(
        cold('--k--a-t', { k: m.toolCall({ id: 'c1', name: 'get_time', args: {} }), a: m.text('It is noon.'), t: m.turnComplete() }),
      );
      const answer = ask(session, 'Time?', { tools: { get_time: () => ({ now: '12:00' }) } }).pipe(map(summary));
      expectObservable(answer).toBe('-------(a|)', { a: { text: 'It is noon.', endedBy: 'turnComplete', tokens: undefined, calls: ['get_time'] } });
      expectObservable(session.sent.toolResponse.pipe(map((sent) => sent.toolResponse.functionResponses))).toBe('--r', {
        r: [{ id: 'c1', name: 'get_time', response: { now: '12:00' } }],
      });
    });
  });

  it('discards the answer in progress at a reconnect and returns the replayed one, never glued or doubled', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(cold('-a-b-r-c-d-t', { a: m.text('Par'), b: m.audio(new Int16Array(4)), r: replaced, c: m.text('Paris'), d: m.text('.'), t: m.turnComplete() }));
      expectObservable(ask(session, 'France?').pipe(map((answer) => [answer.text, answer.audio.length]))).toBe('-----------(a|)', { a: ['Paris.', 0] });
    });
  });

  it('errors with LiveConversationEndedError when the conversation closes normally mid-answer', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(cold('-a-|', { a: m.text('Par') }));
      expectObservable(ask(session, 'France?')).toBe('---#', undefined, new LiveConversationEndedError(undefined));
    });
  });

  it('errors with LiveConversationEndedError carrying the session error when the connection fails mid-answer, and the held connection reports it in state$', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const failure = closeError(1011, 'Internal error encountered.');
      const session = fakeLiveSession(cold('-a-#', { a: m.text('Par') }, failure));
      const conversation = session.connect();
      const errors: unknown[] = [];
      ask(session, 'France?').subscribe({ error: (error: unknown) => errors.push(error) });
      expectObservable(session.state$).toBe('o--c', { o: sessionStates.open(), c: sessionStates.failed(failure) });
      return () => {
        expect(errors).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(LiveConversationEndedError);
        expect((errors[0] as LiveConversationEndedError).cause).toBeInstanceOf(LiveServerError);
        expect((errors[0] as LiveConversationEndedError).retryable).toBe(true);
        expect(conversation.closed).toBe(true);
      };
    });
  });

  it('nextAnswer passes over a tool-call round that said nothing', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const messages = hot('-k-t-a-t', { k: m.toolCall({ id: 'c1', name: 'f' }), t: m.turnComplete(), a: m.text('Done.') });
      expectObservable(messages.pipe(nextAnswer(), map(summary))).toBe('-------(a|)', { a: { text: 'Done.', endedBy: 'turnComplete', tokens: undefined, calls: ['f'] } });
    });
  });
});

describe('midSessionTextInput', () => {
  it.each([
    ['models/gemini-3.1-flash-live-preview', 'realtimeText'],
    ['projects/p/locations/us-central1/publishers/google/models/gemini-3.1-flash-live-preview', 'realtimeText'],
    ['models/gemini-4-flash-live', 'realtimeText'],
    ['models/gemini-2.5-flash-native-audio-preview-09-2025', 'clientContent'],
    ['models/gemini-live-2.5-flash-preview', 'clientContent'],
    ['models/gemini-2.0-flash-live-001', 'clientContent'],
    ['tunedModels/my-model', 'clientContent'],
  ])('%s takes mid-session text as %s', (model, expected) => {
    expect(midSessionTextInput(model)).toBe(expected);
  });
});
