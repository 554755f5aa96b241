import { textDeltas } from '../../lib/operators/textDeltas';
import { audio, bare, content, modelParts, setupComplete, text, toolCall, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

describe('textDeltas', () => {
  it('emits each text part in order, several parts of one frame included', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('s-a-b-t-|', {
        s: setupComplete,
        a: text('Hel'),
        b: modelParts({ text: 'lo' }, { text: ', world' }),
        t: turnComplete,
      });
      expectObservable(source.pipe(textDeltas())).toBe('--a-(bc)|', { a: 'Hel', b: 'lo', c: ', world' });
    });
  });

  it('skips thoughts, empty text, audio, code, bare frames and other kinds', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('abcdefg|', {
        a: modelParts({ text: 'planning the answer', thought: true }),
        b: text(''),
        c: audio([1, 2]),
        d: modelParts({ executableCode: { language: 'PYTHON', code: 'print(default_api.get_weather())' } }),
        e: bare,
        f: toolCall({ id: 'fc-1', name: 'get_weather' }),
        g: content({ modelTurn: { role: 'model', parts: [{ text: 'plan', thought: true }, { text: 'Sunny.' }] } }),
      });
      expectObservable(source.pipe(textDeltas())).toBe('------g|', { g: 'Sunny.' });
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const failing = hot('-a-#', { a: text('x') });
      expectObservable(failing.pipe(textDeltas())).toBe('-a-#', { a: 'x' });
      const endless = hot('-a-a-a', { a: text('x') });
      expectObservable(endless.pipe(textDeltas()), '^--!').toBe('-a-', { a: 'x' });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
