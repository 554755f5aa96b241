/**
 * Proof: a user's tool-calling pipeline with cancellation, marble-tested with only the public entries.
 * docs/testing.md walks through the same code.
 */
import { catchError, filter, map, mergeMap, type Observable, of, take, takeUntil } from 'rxjs';
import type { FunctionCall, JsonObject, LiveSession, LiveToolResponseInput } from '../../lib/index';
import { fakeLiveSession, serverMessages as m } from '../../lib/testing';
import { testScheduler } from '../support/marbles';

// ---- the code under test ----

type ToolHandlers = Readonly<Record<string, (args: JsonObject) => Observable<unknown>>>;

/**
 * Runs each called tool and answers with its first result, or with an error object. A call the
 * server cancels is unsubscribed, so its work stops and no answer is sent.
 */
function answerToolCalls(session: LiveSession, handlers: ToolHandlers): Observable<LiveToolResponseInput> {
  const cancelled = (call: FunctionCall) =>
    session.pipe(filter((message) => message.toolCallCancellation?.ids?.includes(call.id ?? '') === true));
  const run = (call: FunctionCall): Observable<JsonObject> => {
    const handler = handlers[call.name ?? ''];
    if (handler === undefined) return of({ error: `unknown tool ${call.name}` });
    return handler(call.args ?? {}).pipe(
      take(1),
      map((output) => ({ output })),
      catchError((error: unknown) => of({ error: String(error) })),
    );
  };
  return session.pipe(
    mergeMap((message) => message.toolCall?.functionCalls ?? []),
    mergeMap((call) =>
      run(call).pipe(
        map((response) => ({ functionResponses: [{ id: call.id, name: call.name, response }] })),
        takeUntil(cancelled(call)),
      ),
    ),
  );
}

// ---- the tests ----

describe('a tool-calling pipeline on a fake session', () => {
  it('answers a finished call and drops the one the server cancels, stopping its work', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const server = hot('-c---x', {
        c: m.toolCall(
          { id: 'call-weather', name: 'get_weather', args: { city: 'Paris' } },
          { id: 'call-booking', name: 'book_table', args: { time: '20:00' } },
        ),
        x: m.toolCallCancellation('call-booking'),
      });
      const weather = cold('--r|', { r: 'sunny' });
      const booking = cold('-------r|', { r: 'booked' });
      const session = fakeLiveSession(server);

      answerToolCalls(session, { get_weather: () => weather, book_table: () => booking }).subscribe(session.toolResponse);

      expectObservable(session.sent.toolResponse).toBe('---w', {
        w: { toolResponse: { functionResponses: [{ id: 'call-weather', name: 'get_weather', response: { output: 'sunny' } }] } },
      });
      expectSubscriptions(weather.subscriptions).toBe('-^-!');
      expectSubscriptions(booking.subscriptions).toBe('-^---!');
    });
  });

  it('answers unknown tools and failing handlers with an error object, in completion order', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const server = hot('-c', {
        c: m.toolCall({ id: 'a', name: 'slow_fail', args: {} }, { id: 'b', name: 'nope', args: {} }),
      });
      const session = fakeLiveSession(server);
      answerToolCalls(session, { slow_fail: () => cold('--#', undefined, 'backend down') }).subscribe(session.toolResponse);
      expectObservable(session.sent.toolResponse).toBe('-b-a', {
        b: { toolResponse: { functionResponses: [{ id: 'b', name: 'nope', response: { error: 'unknown tool nope' } }] } },
        a: { toolResponse: { functionResponses: [{ id: 'a', name: 'slow_fail', response: { error: 'backend down' } }] } },
      });
    });
  });

  it('stops running tools when the pipeline is unsubscribed (the component went away)', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const server = hot('-c', { c: m.toolCall({ id: 'a', name: 'search', args: { q: 'rivers' } }) });
      const search = cold('-----r', { r: ['Rhine'] });
      const session = fakeLiveSession(server);
      const answering = answerToolCalls(session, { search: () => search }).subscribe(session.toolResponse);
      cold('---x').subscribe(() => answering.unsubscribe());
      expectSubscriptions(search.subscriptions).toBe('-^-!');
      expectObservable(session.sent.toolResponse).toBe('');
      expectSubscriptions(server.subscriptions).toBe('^--!');
    });
  });
});
