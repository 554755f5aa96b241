import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../../lib/audio/outputSampleRate';
import { toAudioChunk } from '../../lib/operators/toAudioChunk';
import { pcmBase64 } from '../support/liveMessages';

describe('toAudioChunk', () => {
  const data = pcmBase64([1, -2, 3]);

  it.each([
    // Gemini API output (PROTOCOL.md §5).
    ['audio/pcm;rate=24000', 24000],
    // Vertex AI output: no rate, meaning the Live API's fixed 24 kHz (PROTOCOL.md §4.9).
    ['audio/pcm', 24000],
    ['AUDIO/PCM', 24000],
    ['audio/pcm; rate=16000', 16000],
    ['audio/pcm;encoding=signed-integer;rate=16000', 16000],
    ['audio/pcm;channels=1', 24000],
  ])('decodes %s at %d Hz', (mimeType, sampleRate) => {
    expect(toAudioChunk({ mimeType, data })).toEqual({ samples: new Int16Array([1, -2, 3]), sampleRate, mimeType });
  });

  it('reads a missing rate as DEFAULT_OUTPUT_SAMPLE_RATE, 24 kHz', () => {
    expect(DEFAULT_OUTPUT_SAMPLE_RATE).toBe(24000);
  });

  it.each(['audio/pcmx', 'audio/L16;rate=24000', 'image/jpeg', 'text/plain'])('is not audio for %s', (mimeType) => {
    expect(toAudioChunk({ mimeType, data })).toBeUndefined();
  });

  it('skips a blob without data or mime type', () => {
    expect(toAudioChunk({ mimeType: 'audio/pcm', data: '' })).toBeUndefined();
    expect(toAudioChunk({ data })).toBeUndefined();
  });
});
