import { abandonedTurns } from '../../lib/operators/abandonedTurns';
import { serverMessages as m } from '../../lib/testing/messages';
import { audio, content, interrupted, text, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const replaced = m.connectionReplaced('closed');

describe('abandonedTurns', () => {
  it('emits the reason of a marker that cuts the model off mid-turn', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-r-c-t|', { a: text('The capital'), b: audio([1, 2]), r: m.connectionReplaced('goAway'), c: text('The capital of France is Paris.'), t: turnComplete });
      expectObservable(source.pipe(abandonedTurns())).toBe('----r----|', { r: { reason: 'goAway' } });
    });
  });

  it('gives nothing for a marker at a turn boundary', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-t-r-b-t|', { a: text('Paris.'), t: turnComplete, r: replaced, b: text('Anything else?') });
      expectObservable(source.pipe(abandonedTurns())).toBe('---------|');
    });
  });

  it('emits once for two markers in a row, and again when the next connection is cut mid-turn too', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-r-s-b-u-c-t|', {
        a: text('The cap'),
        r: replaced,
        s: m.connectionReplaced('unresponsive'),
        b: text('The capital'),
        u: m.connectionReplaced('goAway'),
        c: text('The capital of France is Paris.'),
        t: turnComplete,
      });
      expectObservable(source.pipe(abandonedTurns())).toBe('--r-----u----|', { r: { reason: 'closed' }, u: { reason: 'goAway' } });
    });
  });

  it('counts output transcript text as answering, but not the user\'s words alone', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('i-r-o-s|', {
        i: content({ inputTranscription: { text: 'What is the capital' } }),
        r: replaced,
        o: content({ outputTranscription: { text: 'The capital' } }),
        s: replaced,
      });
      expectObservable(source.pipe(abandonedTurns())).toBe('------s|', { s: { reason: 'closed' } });
    });
  });

  it('gives nothing after an interrupted turn (already discarded), unless new model parts arrived since', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-i-r-b-j-l-s|', {
        a: text('The capital'),
        i: interrupted,
        r: replaced,
        b: text('Sure, Lyon'),
        j: interrupted,
        l: text(' is'),
        s: replaced,
      });
      expectObservable(source.pipe(abandonedTurns())).toBe('------------s|', { s: { reason: 'closed' } });
    });
  });

  it('keeps its state per subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-r|', { a: text('Hi'), r: replaced }).pipe(abandonedTurns());
      expectObservable(source).toBe('--r|', { r: { reason: 'closed' } });
      expectObservable(source, '--^').toBe('----r|', { r: { reason: 'closed' } });
    });
  });
});
