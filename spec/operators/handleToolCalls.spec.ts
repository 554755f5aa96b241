import fc from 'fast-check';
import { firstValueFrom, from, lastValueFrom, NEVER, Observable, Subject, throwError, toArray } from 'rxjs';
import { LiveError } from '../../lib/errors';
import { handleToolCalls, ToolCallAbortedError, type ToolHandler } from '../../lib/operators/handleToolCalls';
import { toolCalls } from '../../lib/operators/toolCalls';
import type { FunctionCall, FunctionResponse } from '../../lib/protocol/content';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveToolResponseInput, toToolResponse } from '../../lib/protocol/toToolResponse';
import { text, toolCall, toolCallCancellation, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';
import { liveServerMessage } from '../support/serverMessageArbitraries';
import { LiveConfigError } from '../../lib/errors';

type FunctionResponseList = readonly FunctionResponse[];

const weatherCall = { id: 'function-call-5831923424298605773', name: 'get_weather', args: { city: 'Paris' } };
const timeCall = { id: 'function-call-2', name: 'get_time', args: {} };

function reply(call: { id?: string; name: string }, response: Record<string, unknown>, scheduling?: string): LiveToolResponseInput {
  return { functionResponses: [{ ...(call.id === undefined ? {} : { id: call.id }), name: call.name, response, ...(scheduling === undefined ? {} : { scheduling }) }] } as LiveToolResponseInput;
}

/** Records the signal of every handler run, by call id. */
function signals(): { handler: (inner: ToolHandler) => ToolHandler; of: (id: string) => AbortSignal } {
  const seen = new Map<string, AbortSignal>();
  return {
    handler: (inner) => (args, context) => {
      seen.set(context.call.id ?? '', context.signal);
      return inner(args, context);
    },
    of: (id) => {
      const signal = seen.get(id);
      if (signal === undefined) throw new Error(`no handler ran for ${id}`);
      return signal;
    },
  };
}

describe('handleToolCalls', () => {
  it('answers a synchronous handler at once, with its plain-object result as the response', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-c-t|', { a: text('Let me check.'), c: toolCall(weatherCall), t: turnComplete });
      const answered = source.pipe(handleToolCalls({ get_weather: (args) => ({ city: args.city, forecast: 'sunny' }) }));
      expectObservable(answered).toBe('--r--|', { r: reply(weatherCall, { city: 'Paris', forecast: 'sunny' }) });
    });
  });

  it('wraps other results as {result}, answers undefined with {}, and the answers pass toToolResponse', () => {
    const results: [string, unknown, Record<string, unknown>][] = [
      ['a number', 21.5, { result: 21.5 }],
      ['a string', 'sunny', { result: 'sunny' }],
      ['an array', [1, 2], { result: [1, 2] }],
      ['null', null, { result: null }],
      ['a class instance', new Date(0), { result: new Date(0) }],
      ['undefined', undefined, {}],
    ];
    for (const [, value, response] of results) {
      testScheduler().run(({ hot, expectObservable }) => {
        const answered = hot('c|', { c: toolCall(weatherCall) }).pipe(handleToolCalls({ get_weather: () => value }));
        expectObservable(answered).toBe('r|', { r: reply(weatherCall, response) });
      });
      const answer = reply(weatherCall, response);
      expect(() => toToolResponse(answer, { kind: 'gemini' })).not.toThrow();
    }
  });

  it('answers an Observable handler with its first value, when it comes, without blocking other calls', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const source = hot('a-b---|', { a: toolCall(weatherCall), b: toolCall(timeCall) });
      const answered = source.pipe(
        handleToolCalls({
          get_weather: () => cold('----x-y|', { x: 'rain', y: 'snow' }),
          get_time: () => ({ now: '12:00' }),
        }),
      );
      expectObservable(answered).toBe('--t-w-|', { t: reply(timeCall, { now: '12:00' }), w: reply(weatherCall, { result: 'rain' }) });
    });
  });

  it('answers a Promise handler when it resolves', async () => {
    const messages = new Subject<LiveServerMessage>();
    const answered = firstValueFrom(messages.pipe(handleToolCalls({ get_weather: async (args) => ({ forecast: `sunny in ${String(args.city)}` }) })));
    messages.next(toolCall(weatherCall));
    await expect(answered).resolves.toEqual(reply(weatherCall, { forecast: 'sunny in Paris' }));
  });

  it('answers {error} for a rejected Promise', async () => {
    const messages = new Subject<LiveServerMessage>();
    const answered = firstValueFrom(messages.pipe(handleToolCalls({ get_weather: () => Promise.reject(new Error('service down')) })));
    messages.next(toolCall(weatherCall));
    await expect(answered).resolves.toEqual(reply(weatherCall, { error: 'service down' }));
  });

  it('answers {error} for a throwing or erroring handler and an unknown function, and keeps going', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-d|', {
        a: toolCall(weatherCall),
        b: toolCall(timeCall),
        c: toolCall({ id: 'function-call-3', name: 'launch_rocket', args: {} }),
        d: toolCall({ id: 'function-call-4', name: 'toString', args: {} }),
      });
      const answered = source.pipe(
        handleToolCalls({
          get_weather: () => {
            throw new Error('no such city');
          },
          get_time: () => throwError(() => 'clock broken'),
        }),
      );
      expectObservable(answered).toBe('a-b-c-d|', {
        a: reply(weatherCall, { error: 'no such city' }),
        b: reply(timeCall, { error: 'clock broken' }),
        c: reply({ id: 'function-call-3', name: 'launch_rocket' }, { error: 'Unknown function "launch_rocket": no handler is registered for it' }),
        d: reply({ id: 'function-call-4', name: 'toString' }, { error: 'Unknown function "toString": no handler is registered for it' }),
      });
    });
  });

  it('aborts the signal of a cancelled call and sends nothing for it', () => {
    const calls = signals();
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const source = hot('a-b-x-----|', { a: toolCall(weatherCall), b: toolCall(timeCall), x: toolCallCancellation(weatherCall.id) });
      const answered = source.pipe(
        handleToolCalls({
          get_weather: calls.handler(() => cold('-----r|', { r: 'rain' })),
          get_time: calls.handler(() => cold('-----n|', { n: 'noon' })),
        }),
      );
      expectObservable(answered).toBe('-------n--|', { n: reply(timeCall, { result: 'noon' }) });
    });
    const cancelled = calls.of(weatherCall.id);
    expect(cancelled.aborted).toBe(true);
    expect(cancelled.reason).toBeInstanceOf(ToolCallAbortedError);
    expect(cancelled.reason).toBeInstanceOf(LiveError);
    expect(cancelled.reason).toMatchObject({ kind: 'tool-call-aborted', retryable: false, cause: 'cancelled', name: 'ToolCallAbortedError' });
    expect(calls.of(timeCall.id).aborted).toBe(false);
  });

  it('ignores a cancellation of a call already answered or unknown', () => {
    const calls = signals();
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-x-y|', { a: toolCall(weatherCall), x: toolCallCancellation(weatherCall.id), y: toolCallCancellation('other') });
      const answered = source.pipe(handleToolCalls({ get_weather: calls.handler(() => 'sunny') }));
      expectObservable(answered).toBe('r----|', { r: reply(weatherCall, { result: 'sunny' }) });
    });
    expect(calls.of(weatherCall.id).aborted).toBe(false);
  });

  it.each([
    ['completes', 'a---|', '----|'],
    ['errors', 'a---#', '----#'],
  ])('aborts running handlers when the source %s, and ends the same way', (_name, messages, expected) => {
    const calls = signals();
    testScheduler().run(({ hot, expectObservable }) => {
      const answered = hot(messages, { a: toolCall(weatherCall) }).pipe(handleToolCalls({ get_weather: calls.handler(() => NEVER) }));
      expectObservable(answered).toBe(expected);
    });
    expect(calls.of(weatherCall.id).aborted).toBe(true);
    expect((calls.of(weatherCall.id).reason as ToolCallAbortedError).cause).toBe('teardown');
  });

  it('aborts running handlers on unsubscribe, and unsubscribes from the source', () => {
    const calls = signals();
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('a-b----', { a: toolCall(weatherCall), b: toolCall(timeCall) });
      const answered = source.pipe(
        handleToolCalls({ get_weather: calls.handler(() => cold('--r|', { r: 1 })), get_time: calls.handler(() => cold('-----r|', { r: 2 })) }),
      );
      expectObservable(answered, '^---!').toBe('--w-', { w: reply(weatherCall, { result: 1 }) });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
    expect(calls.of(weatherCall.id).aborted).toBe(false);
    expect(calls.of(timeCall.id).aborted).toBe(true);
  });

  it('answers {error} and aborts the signal when a handler outlives timeoutMs', () => {
    const calls = signals();
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const source = hot('a-b-------|', { a: toolCall(weatherCall), b: toolCall(timeCall) });
      const answered = source.pipe(
        handleToolCalls(
          { get_weather: calls.handler(() => NEVER), get_time: calls.handler(() => cold('--n|', { n: 'noon' })) },
          { timeoutMs: 5 },
        ),
      );
      expectObservable(answered).toBe('----n0----|', {
        n: reply(timeCall, { result: 'noon' }),
        0: reply(weatherCall, { error: 'Timed out after 5 ms' }),
      });
    });
    expect((calls.of(weatherCall.id).reason as ToolCallAbortedError).cause).toBe('timeout');
    expect(calls.of(timeCall.id).aborted).toBe(false);
  });

  it('answers {error} for a result JSON cannot hold (a BigInt, a cycle), so the sink never refuses the answer', async () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const source = from([toolCall(weatherCall), toolCall(timeCall)] as LiveServerMessage[]);
    const answers = await lastValueFrom(source.pipe(handleToolCalls({ get_weather: () => ({ celsius: 21n }), get_time: () => loop }), toArray()));
    expect(answers).toEqual([
      reply(weatherCall, { error: 'The result of get_weather cannot be sent as JSON: Do not know how to serialize a BigInt' }),
      reply(timeCall, { error: expect.stringMatching(/^The result of get_time cannot be sent as JSON: Converting circular structure to JSON/) as unknown as string }),
    ]);
    for (const answer of answers) expect(() => toToolResponse(answer, { kind: 'gemini' })).not.toThrow();
  });

  it.each([0, -1, Number.NaN, 2 ** 31])('refuses timeoutMs %p with LiveConfigError, since a timer cannot hold it', (timeoutMs) => {
    expect(() => handleToolCalls({}, { timeoutMs })).toThrow(LiveConfigError);
  });

  it('answers a duplicate call once', () => {
    let runs = 0;
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-a-(aa)|', { a: toolCall(weatherCall) });
      const answered = source.pipe(handleToolCalls({ get_weather: () => ++runs }));
      expectObservable(answered).toBe('r-------|', { r: reply(weatherCall, { result: 1 }) });
    });
    expect(runs).toBe(1);
  });

  it('adds scheduling to every response, or to those a function of the call picks', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b|', { a: toolCall(weatherCall), b: toolCall(timeCall) });
      const handlers = { get_weather: () => 'sunny', get_time: () => { throw new Error('no clock'); } };
      expectObservable(source.pipe(handleToolCalls(handlers, { scheduling: 'WHEN_IDLE' }))).toBe('a-b|', {
        a: reply(weatherCall, { result: 'sunny' }, 'WHEN_IDLE'),
        b: reply(timeCall, { error: 'no clock' }, 'WHEN_IDLE'),
      });
      const nonBlocking = (call: FunctionCall) => (call.name === 'get_weather' ? 'SILENT' : undefined);
      expectObservable(source.pipe(handleToolCalls(handlers, { scheduling: nonBlocking }))).toBe('a-b|', {
        a: reply(weatherCall, { result: 'sunny' }, 'SILENT'),
        b: reply(timeCall, { error: 'no clock' }),
      });
    });
  });

  it('answers a call without an id (Vertex) without one, and no cancellation can name it', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const source = hot('a-x---|', { a: toolCall({ name: 'get_time' }), x: toolCallCancellation('') });
      const answered = source.pipe(handleToolCalls({ get_time: () => cold('----n|', { n: 'noon' }) }));
      expectObservable(answered).toBe('----n-|', { n: reply({ name: 'get_time' }, { result: 'noon' }) });
    });
  });

  it('passes the call and arguments (or {} without any) to the handler', () => {
    const seen: unknown[] = [];
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a|', { a: toolCall({ id: 'function-call-9', name: 'get_time' }) });
      const answered = source.pipe(handleToolCalls({ get_time: (args, { call }) => (seen.push(args, call), 'noon') }));
      expectObservable(answered).toBe('r|', { r: reply({ id: 'function-call-9', name: 'get_time' }, { result: 'noon' }) });
    });
    expect(seen).toEqual([{}, { id: 'function-call-9', name: 'get_time' }]);
  });

  it('subscribes once to the source however many calls run', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('a-b-|', { a: toolCall(weatherCall), b: toolCall(timeCall) });
      const answered = source.pipe(handleToolCalls({ get_weather: () => cold('-r|', { r: 1 }), get_time: () => cold('-r|', { r: 2 }) }));
      expectObservable(answered.pipe(toArray())).toBe('----(x|)', { x: [reply(weatherCall, { result: 1 }), reply(timeCall, { result: 2 })] });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('answers through a session-like sink: session.pipe(handleToolCalls(...)).subscribe(session.toolResponse)', () => {
    const sent: LiveToolResponseInput[] = [];
    const sink = new Subject<LiveToolResponseInput>();
    sink.subscribe((value) => sent.push(value));
    const session = new Observable<LiveServerMessage>((subscriber) => {
      subscriber.next(toolCall(weatherCall));
      subscriber.complete();
    });
    session.pipe(handleToolCalls({ get_weather: () => ({ forecast: 'sunny' }) })).subscribe(sink);
    expect(sent).toEqual([reply(weatherCall, { forecast: 'sunny' })]);
  });

  it('answers every distinct call of any message sequence exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(liveServerMessage, { maxLength: 30 }), async (messages) => {
        const calls = await lastValueFrom(from(messages).pipe(toolCalls(), toArray()));
        const answers = await lastValueFrom(from(messages).pipe(handleToolCalls({}), toArray()));
        expect(answers.map((answer) => (answer.functionResponses as FunctionResponseList)[0]?.id)).toEqual(calls.map((call) => call.id));
      }),
      { numRuns: 150 },
    );
  });
});
