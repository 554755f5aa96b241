import { toolCalls } from '../../lib/operators/toolCalls';
import { text, toolCall, toolCallCancellation } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const weather = { id: 'function-call-5831923424298605773', name: 'get_weather', args: { city: 'Paris' } };
const time = { id: 'function-call-2', name: 'get_time', args: {} };

describe('toolCalls', () => {
  it('emits each call of each toolCall message, in order', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c|', { a: toolCall(weather, time), b: text('ok'), c: toolCall({ id: 'function-call-3', name: 'noop' }) });
      expectObservable(source.pipe(toolCalls())).toBe('(ab)c|', { a: weather, b: time, c: { id: 'function-call-3', name: 'noop' } });
    });
  });

  it('drops calls whose id was already seen, in one frame or a later one', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c|', { a: toolCall(weather, weather), b: toolCallCancellation(weather.id), c: toolCall(weather, time) });
      expectObservable(source.pipe(toolCalls())).toBe('a---b|', { a: weather, b: time });
    });
  });

  it('passes on every call without an id (Vertex may omit it)', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-a|', { a: toolCall({ name: 'get_time' }) });
      expectObservable(source.pipe(toolCalls())).toBe('a-a|', { a: { name: 'get_time' } });
    });
  });

  it('forgets the ids seen when a new subscription starts', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: toolCall(weather) });
      expectObservable(source.pipe(toolCalls())).toBe('a|', { a: weather });
      expectObservable(source.pipe(toolCalls())).toBe('a|', { a: weather });
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('-a-#', { a: toolCall(weather) }).pipe(toolCalls())).toBe('-a-#', { a: weather });
      const endless = hot('-a-b-a', { a: toolCall(weather), b: toolCall(time) });
      expectObservable(endless.pipe(toolCalls()), '^--!').toBe('-a-', { a: weather });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
