import fc from 'fast-check';
import { from, Subject } from 'rxjs';
import { batchAudio } from '../../lib/audio/batchAudio';
import { LiveConfigError } from '../../lib/errors';
import { testScheduler } from '../support/marbles';
import { concat, cutAt } from './signals';

const samples = (...values: number[]): Int16Array => Int16Array.from(values);

describe('batchAudio', () => {
  it('cuts any chunking into exact frames, then the remainder, keeping every sample in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 3000 }),
        fc.array(fc.nat({ max: 3000 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom(8000, 16000, 22050, 24000, 44100, 48000),
        (values, cuts, ms, sampleRate) => {
          const input = Int16Array.from(values);
          const frameSize = Math.round((ms * sampleRate) / 1000);
          const frames: Int16Array[] = [];
          let completed = false;
          from(cutAt(input, cuts))
            .pipe(batchAudio({ ms, sampleRate }))
            .subscribe({ next: (frame) => frames.push(frame), complete: () => (completed = true) });
          expect(completed).toBe(true);
          const full = Math.floor(input.length / frameSize);
          const remainder = input.length % frameSize;
          expect(frames.map((frame) => frame.length)).toEqual([...Array<number>(full).fill(frameSize), ...(remainder > 0 ? [remainder] : [])]);
          expect(concat(frames)).toEqual(input);
        },
      ),
    );
  });

  it('emits each frame as soon as it is full and the remainder on complete', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // 1 ms at 3000 Hz is 3 samples.
      const source = cold('a-b-c-d-|', { a: samples(1, 2), b: samples(3, 4, 5), c: samples(6, 7, 8, 9, 10), d: samples(11) });
      expectObservable(source.pipe(batchAudio({ ms: 1, sampleRate: 3000 }))).toBe('--x-(yz)(w|)', {
        x: samples(1, 2, 3),
        y: samples(4, 5, 6),
        z: samples(7, 8, 9),
        w: samples(10, 11),
      });
    });
  });

  it('sends nothing extra when the input ends on a frame boundary', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-|', { a: samples(1, 2, 3), b: samples(4) });
      expectObservable(source.pipe(batchAudio({ ms: 1, sampleRate: 2000 }))).toBe('x-y-|', { x: samples(1, 2), y: samples(3, 4) });
    });
  });

  it('drops the remainder on error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-#', { a: samples(1, 2, 3), b: samples(4, 5) });
      expectObservable(source.pipe(batchAudio({ ms: 1, sampleRate: 2000 }))).toBe('x-y-#', { x: samples(1, 2), y: samples(3, 4) });
    });
  });

  it('drops the remainder on unsubscribe and unsubscribes from the source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a---b-|', { a: samples(1, 2, 3), b: samples(4) });
      expectObservable(source.pipe(batchAudio({ ms: 1, sampleRate: 2000 })), '^--!').toBe('x--', { x: samples(1, 2) });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('hands out a new array per frame, so a kept frame is never overwritten', () => {
    const source = new Subject<Int16Array>();
    const frames: Int16Array[] = [];
    source.pipe(batchAudio({ ms: 1, sampleRate: 2000 })).subscribe((frame) => frames.push(frame));
    source.next(samples(1, 2, 3, 4));
    source.next(samples(5, 6));
    expect(frames).toEqual([samples(1, 2), samples(3, 4), samples(5, 6)]);
    expect(new Set(frames.map((frame) => frame.buffer)).size).toBe(3);
  });

  it('refuses options that give no whole sample per frame, at call time', () => {
    expect(() => batchAudio({ ms: 0, sampleRate: 16000 })).toThrow(LiveConfigError);
    expect(() => batchAudio({ ms: -40, sampleRate: 16000 })).toThrow('batchAudio.ms');
    expect(() => batchAudio({ ms: Number.NaN, sampleRate: 16000 })).toThrow('batchAudio.ms');
    expect(() => batchAudio({ ms: 0.01, sampleRate: 16000 })).toThrow('less than one sample');
    expect(() => batchAudio({ ms: 40, sampleRate: 0 })).toThrow('batchAudio.sampleRate');
    expect(() => batchAudio({ ms: 40, sampleRate: 16000.5 })).toThrow('batchAudio.sampleRate');
  });

  it('rounds the frame size to whole samples', () => {
    const frames: number[] = [];
    from([new Int16Array(1000)])
      .pipe(batchAudio({ ms: 10, sampleRate: 22050 }))
      .subscribe((frame) => frames.push(frame.length));
    expect(frames).toEqual([221, 221, 221, 221, 116]);
  });
});
