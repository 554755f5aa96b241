import { Subject, VirtualTimeScheduler } from 'rxjs';
import { audioStreamEndOnPause } from '../../lib/audio/audioStreamEndOnPause';
import type { LiveRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import { LiveConfigError } from '../../lib/errors';
import { testScheduler } from '../support/marbles';

const values: Record<string, LiveRealtimeInput> = {
  a: { audio: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } },
  t: { text: 'hello' },
  s: { audioStreamEnd: true },
  e: { audioStreamEnd: true },
};

describe('audioStreamEndOnPause', () => {
  it('sends one audioStreamEnd a pause after the last audio', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-a------', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('a-a----e', values);
    });
  });

  it('waits 1000 ms by default', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a 500ms a', values).pipe(audioStreamEndOnPause())).toBe('a 500ms a 999ms e', values);
    });
  });

  it('ends each pause once and reopens the stream on the next audio', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a 9ms a 20ms -', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('a 4ms e 4ms a 4ms e', values);
    });
  });

  it('passes other values through without counting them as audio', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-t--t----t', values).pipe(audioStreamEndOnPause({ pauseMs: 4 }))).toBe('a-t-et----t', values);
    });
  });

  it('sends nothing when there was no audio', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('t 10ms t|', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('t 10ms t|', values);
    });
  });

  it('ends the stream on complete while audio is flowing, but not twice', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-|', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('a-(e|)', values);
      expectObservable(cold('a 9ms |', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('a 4ms e 4ms |', values);
    });
  });

  it('takes an audioStreamEnd from the source as the end of the stream', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-s------|', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('a-s------|', values);
    });
  });

  it('forwards an error and adds nothing after it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }))).toBe('a-#', values);
    });
  });

  it('cancels the timer and the source on unsubscribe', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-a------', values);
      expectObservable(source.pipe(audioStreamEndOnPause({ pauseMs: 5 })), '^--!').toBe('a-a', values);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('runs its timer on the given scheduler', () => {
    const scheduler = new VirtualTimeScheduler();
    const source = new Subject<LiveRealtimeInput>();
    const seen: LiveRealtimeInput[] = [];
    source.pipe(audioStreamEndOnPause({ pauseMs: 50, scheduler })).subscribe((value) => seen.push(value));
    source.next(values.a as LiveRealtimeInput);
    expect(seen).toEqual([values.a]);
    scheduler.flush();
    expect(seen).toEqual([values.a, values.e]);
    expect(scheduler.now()).toBe(50);
  });

  it('refuses a negative or non-finite pause, at call time', () => {
    expect(() => audioStreamEndOnPause({ pauseMs: -1 })).toThrow(LiveConfigError);
    expect(() => audioStreamEndOnPause({ pauseMs: Number.POSITIVE_INFINITY })).toThrow('audioStreamEndOnPause.pauseMs');
  });
});
