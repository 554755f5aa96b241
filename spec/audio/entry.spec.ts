import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as audio from '../../lib/audio';
import * as browser from '../../lib/browser';
import * as core from '../../lib/index';
import { LiveAudioFormatError, LiveMediaUnavailableError } from '../../lib/errors';

describe("the 'rx-gemini-live/audio' entry point", () => {
  it('exports every audio helper', () => {
    expect(Object.keys(audio).sort()).toEqual(
      [
        'audioStreamEndOnPause',
        'batchAudio',
        'bytesToPcm16',
        'concatPcm16',
        'createResampler',
        'decodeBase64',
        'downmixToMono',
        'encodeBase64',
        'float32ToPcm16',
        'pcm16ToBytes',
        'pcm16ToFloat32',
        'readWav',
        'resamplePcm',
        'toRealtimeAudio',
        'writeWav',
      ].sort(),
    );
  });

  it("leaves capture and playback to 'rx-gemini-live/browser'", () => {
    expect(Object.keys(browser).sort()).toEqual(['cameraFrames$', 'microphone$', 'speaker']);
  });

  it('exports LiveAudioFormatError from the core, next to the other errors', () => {
    expect(core.LiveAudioFormatError).toBe(LiveAudioFormatError);
    const error = new LiveAudioFormatError('wav', 'no data chunk');
    expect(error).toBeInstanceOf(core.LiveError);
    expect(error).toMatchObject({ name: 'LiveAudioFormatError', kind: 'audio-format', retryable: false, format: 'wav' });
    expect(error.message).toBe('Cannot read wav audio: no data chunk');
  });

  it('exports LiveMediaUnavailableError from the core: the browser helpers fail with it outside a secure page', () => {
    expect(core.LiveMediaUnavailableError).toBe(LiveMediaUnavailableError);
    const error = new LiveMediaUnavailableError('microphone$', 'navigator.mediaDevices.getUserMedia');
    expect(error).toBeInstanceOf(core.LiveError);
    expect(error).toMatchObject({ name: 'LiveMediaUnavailableError', kind: 'media-unavailable', retryable: false, api: 'navigator.mediaDevices.getUserMedia' });
    expect(error.message).toMatch(/^microphone\$ needs navigator\.mediaDevices\.getUserMedia, which this runtime does not have/);
  });

  it('reaches no Node built-in and no Buffer outside base64.ts', () => {
    const dir = join(__dirname, '../../lib/audio');
    const files = ['resample.ts', 'batchAudio.ts', 'wav.ts', 'toRealtimeAudio.ts', 'audioStreamEndOnPause.ts', 'realtimeAudioValues.ts', 'pcm16.ts'];
    const browser = ['webAudioLike.ts', 'captureWorklet.ts', 'microphone.ts', 'speaker.ts', 'cameraFrames.ts'].map((file) => `../browser/${file}`);
    for (const file of [...files, ...browser]) {
      const source = readFileSync(join(dir, file), 'utf8');
      // Real imports only, not the ones quoted in doc-comment examples.
      const bare = ts
        .preProcessFile(source, true, true)
        .importedFiles.map(({ fileName }) => fileName)
        .filter((name) => !name.startsWith('.') && name !== 'rxjs');
      expect({ file, bare }).toEqual({ file, bare: [] });
      expect({ file, buffer: /\bBuffer\b/.test(source) }).toEqual({ file, buffer: false });
    }
  });
});
