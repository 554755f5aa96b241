/**
 * Proof: a user's text chat pipeline, marble-tested with only the public entries (`rx-gemini-live`
 * and `rx-gemini-live/testing`). docs/testing.md walks through the same code.
 */
import { filter, ignoreElements, map, merge, type Observable, scan, tap } from 'rxjs';
import { type LiveSession, LiveServerError, toClientContent } from '../../lib/index';
import { closeError, fakeLiveSession, serverMessages as m } from '../../lib/testing';
import { testScheduler } from '../support/marbles';

// ---- the code under test: what a user writes on top of a session ----

/** Sends each question as a turn and emits the model's whole reply once its turn completes. */
function chat(session: LiveSession, questions$: Observable<string>): Observable<string> {
  const replies$ = session.pipe(
    scan(
      (turn, message) => {
        const text = (message.serverContent?.modelTurn?.parts ?? []).map((part) => part.text ?? '').join('');
        return { reply: (turn.done ? '' : turn.reply) + text, done: message.serverContent?.turnComplete === true };
      },
      { reply: '', done: false },
    ),
    filter((turn) => turn.done),
    map((turn) => turn.reply),
  );
  const asked$ = questions$.pipe(
    tap((question) => session.clientContent.next({ turns: question })),
    ignoreElements(),
  );
  return merge(replies$, asked$);
}

// ---- the tests ----

describe('a text chat pipeline on a fake session', () => {
  it('sends each question as a turn and emits each reply when its turn completes', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const server = hot('---a-b-t-----c-(dt)', {
        a: m.text('Bon'),
        b: m.text('jour'),
        t: m.turnComplete({ totalTokenCount: 12 }),
        c: m.text('Salut'),
        d: m.text(' !'),
      });
      const questions = hot('-q---------r', { q: 'Say hello in French', r: 'Less formal, please' });
      const session = fakeLiveSession(server);

      expectObservable(chat(session, questions)).toBe('-------x-------y', { x: 'Bonjour', y: 'Salut !' });
      expectObservable(session.sent.clientContent).toBe('-q---------r', {
        q: toClientContent({ turns: 'Say hello in French' }),
        r: toClientContent({ turns: 'Less formal, please' }),
      });
    });
  });

  it('records the wire form, so the test sees the turn the server would get', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const session = fakeLiveSession(hot('-'));
      chat(session, hot('-q', { q: 'Hi' })).subscribe();
      expectObservable(session.sent.clientContent).toBe('-q', {
        q: { clientContent: { turns: [{ role: 'user', parts: [{ text: 'Hi' }] }], turnComplete: true } },
      });
    });
  });

  it('fails with the typed error when the server closes with 1011', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(cold('--a--#', { a: m.text('Bon') }, closeError(1011, 'Internal error encountered.')));
      expectObservable(chat(session, cold('-'))).toBe('-----#', undefined, new LiveServerError('Internal error encountered.', true));
    });
  });

  it('closes the connection when the chat is unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const server = cold('--a-t', { a: m.text('Hi'), t: m.turnComplete() });
      const session = fakeLiveSession(server);
      expectObservable(chat(session, cold('-')), '^-----!').toBe('----x', { x: 'Hi' });
      expectSubscriptions(server.subscriptions).toBe('^-----!');
    });
  });
});
