import { transcripts } from '../../lib/operators/transcripts';
import { audio, content, interrupted, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const input = (text: string, finished?: boolean) => content({ inputTranscription: finished === undefined ? { text } : { text, finished } });
const output = (text: string) => content({ outputTranscription: { text } });

describe('transcripts', () => {
  it('accumulates each direction separately and resets both after turnComplete', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-d-t-e|', {
        a: input('What is'),
        b: input(' the time?'),
        c: output('It is'),
        d: content({ outputTranscription: { text: ' noon.' }, modelTurn: { parts: [] } }),
        t: turnComplete,
        e: output('Anything else?'),
      });
      expectObservable(source.pipe(transcripts())).toBe('a-b-c-d---e|', {
        a: { direction: 'input', text: 'What is', delta: 'What is', finished: false },
        b: { direction: 'input', text: 'What is the time?', delta: ' the time?', finished: false },
        c: { direction: 'output', text: 'It is', delta: 'It is', finished: false },
        d: { direction: 'output', text: 'It is noon.', delta: ' noon.', finished: false },
        e: { direction: 'output', text: 'Anything else?', delta: 'Anything else?', finished: false },
      });
    });
  });

  it('resets a direction after its finished fragment, and both after interrupted (that frame counted first)', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-d-e-f|', {
        a: input('Stop', true),
        b: input('Go on'),
        c: output('The river'),
        d: content({ interrupted: true, outputTranscription: { text: ' Danube' } }),
        e: output('Sorry,'),
        f: content({ inputTranscription: { finished: true } }),
      });
      expectObservable(source.pipe(transcripts())).toBe('a-b-c-d-e-f|', {
        a: { direction: 'input', text: 'Stop', delta: 'Stop', finished: true },
        b: { direction: 'input', text: 'Go on', delta: 'Go on', finished: false },
        c: { direction: 'output', text: 'The river', delta: 'The river', finished: false },
        d: { direction: 'output', text: 'The river Danube', delta: ' Danube', finished: false },
        e: { direction: 'output', text: 'Sorry,', delta: 'Sorry,', finished: false },
        f: { direction: 'input', text: '', delta: '', finished: true },
      });
    });
  });

  it("emits input before output within a frame, and nothing for Vertex's empty fragments or other content", () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-i-|', {
        a: content({ outputTranscription: {} }),
        b: audio([1]),
        c: content({ outputTranscription: { text: 'Hi' }, inputTranscription: { text: 'Hello' } }),
        i: interrupted,
      });
      expectObservable(source.pipe(transcripts())).toBe('----(cd)|', {
        c: { direction: 'input', text: 'Hello', delta: 'Hello', finished: false },
        d: { direction: 'output', text: 'Hi', delta: 'Hi', finished: false },
      });
    });
  });

  it('keeps no state between subscriptions', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: output('Hi') });
      const once = { a: { direction: 'output', text: 'Hi', delta: 'Hi', finished: false } };
      expectObservable(source.pipe(transcripts())).toBe('a|', once);
      expectObservable(source.pipe(transcripts())).toBe('a|', once);
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const one = { a: { direction: 'output', text: 'Hi', delta: 'Hi', finished: false } };
      expectObservable(hot('-a-#', { a: output('Hi') }).pipe(transcripts())).toBe('-a-#', one);
      const endless = hot('-a-t-a', { a: output('Hi'), t: turnComplete });
      expectObservable(endless.pipe(transcripts()), '^--!').toBe('-a-', one);
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
