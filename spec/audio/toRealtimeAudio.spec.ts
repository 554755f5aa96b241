import fc from 'fast-check';
import { decodeBase64 } from '../../lib/audio/base64';
import { bytesToPcm16 } from '../../lib/audio/pcm16';
import { toRealtimeAudio } from '../../lib/audio/toRealtimeAudio';
import { toRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import { LiveConfigError } from '../../lib/errors';
import { testScheduler } from '../support/marbles';
import { from, lastValueFrom, toArray } from 'rxjs';

describe('toRealtimeAudio', () => {
  it('maps each frame to an audio value with its rate, through complete', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-|', { a: Int16Array.from([1, -2]), b: new Int16Array(0) });
      expectObservable(source.pipe(toRealtimeAudio({ sampleRate: 16000 }))).toBe('a-b-|', {
        a: { audio: { data: 'AQD+/w==', mimeType: 'audio/pcm;rate=16000' } },
        b: { audio: { data: '', mimeType: 'audio/pcm;rate=16000' } },
      });
    });
  });

  it('forwards errors and unsubscribes from the source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold('a-#', { a: Int16Array.from([0]) });
      expectObservable(failing.pipe(toRealtimeAudio({ sampleRate: 24000 }))).toBe('a-#', {
        a: { audio: { data: 'AAA=', mimeType: 'audio/pcm;rate=24000' } },
      });
      const endless = cold('a-a-a-a', { a: Int16Array.from([0]) });
      expectObservable(endless.pipe(toRealtimeAudio({ sampleRate: 24000 })), '^--!').toBe('a-a', {
        a: { audio: { data: 'AAA=', mimeType: 'audio/pcm;rate=24000' } },
      });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });

  it('encodes the samples losslessly as little-endian bytes, also from views into larger buffers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 2000 }), fc.nat({ max: 5 }), async (values, offset) => {
        const backing = new Int16Array(values.length + offset + 3);
        backing.set(values, offset);
        const frame = backing.subarray(offset, offset + values.length);
        const [value] = await lastValueFrom(from([frame]).pipe(toRealtimeAudio({ sampleRate: 16000 }), toArray()));
        expect(Array.from(bytesToPcm16(decodeBase64(value?.audio?.data ?? 'x')))).toEqual(values);
      }),
    );
  });

  it('produces values session.realtimeInput accepts', async () => {
    const [value] = await lastValueFrom(from([new Int16Array(640)]).pipe(toRealtimeAudio({ sampleRate: 16000 }), toArray()));
    expect(value).toBeDefined();
    expect(toRealtimeInput(value ?? {}).realtimeInput.audio?.mimeType).toBe('audio/pcm;rate=16000');
  });

  it('refuses a rate that is not a positive integer, at call time', () => {
    expect(() => toRealtimeAudio({ sampleRate: 0 })).toThrow(LiveConfigError);
    expect(() => toRealtimeAudio({ sampleRate: 16000.5 })).toThrow('toRealtimeAudio.sampleRate');
  });
});
