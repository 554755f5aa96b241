import { LiveAudioFormatError } from '../../lib/errors';
import { audioChunks } from '../../lib/operators/audioChunks';
import { audio, modelParts, pcmBase64, text, turnComplete } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const chunk = (samples: number[], sampleRate: number, mimeType: string) => ({ samples: new Int16Array(samples), sampleRate, mimeType });

describe('audioChunks', () => {
  it('decodes each audio part to PCM16 with the rate of its mime type', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a-b-c-t|', {
        a: audio([0, 1, -1, 32767, -32768]),
        b: audio([5], 'audio/pcm;rate=16000'),
        c: audio([7, 8], 'audio/pcm'),
        t: turnComplete,
      });
      expectObservable(source.pipe(audioChunks())).toBe('a-b-c--|', {
        a: chunk([0, 1, -1, 32767, -32768], 24000, 'audio/pcm;rate=24000'),
        b: chunk([5], 16000, 'audio/pcm;rate=16000'),
        c: chunk([7, 8], 24000, 'audio/pcm'),
      });
    });
  });

  it('gives one chunk per part when a frame has several, and skips text, other media and empty data', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('(a|)', {
        a: modelParts(
          { inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcmBase64([1]) } },
          { text: 'transcript' },
          { inlineData: { mimeType: 'image/jpeg', data: pcmBase64([9]) } },
          { inlineData: { mimeType: 'audio/pcm;rate=24000', data: '' } },
          { inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcmBase64([2, 3]) } },
        ),
      });
      expectObservable(source.pipe(audioChunks())).toBe('(ab|)', {
        a: chunk([1], 24000, 'audio/pcm;rate=24000'),
        b: chunk([2, 3], 24000, 'audio/pcm;rate=24000'),
      });
    });
  });

  it('errors with a LiveAudioFormatError on data that is not base64', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('a', { a: modelParts({ inlineData: { mimeType: 'audio/pcm;rate=24000', data: 'not base64!' } }) });
      expectObservable(source.pipe(audioChunks())).toBe('#', undefined, new LiveAudioFormatError('base64', 'the text is not padded standard base64'));
    });
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const failing = hot('-a-t-#', { a: audio([4]), t: text('hi') });
      expectObservable(failing.pipe(audioChunks())).toBe('-a---#', { a: chunk([4], 24000, 'audio/pcm;rate=24000') });
      const endless = hot('-a-a-a', { a: audio([4]) });
      expectObservable(endless.pipe(audioChunks()), '^--!').toBe('-a-', { a: chunk([4], 24000, 'audio/pcm;rate=24000') });
      expectSubscriptions(endless.subscriptions).toBe('^--!');
    });
  });
});
