import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { RealtimeInputMessage } from '../../lib/protocol/clientMessages';
import { isDroppableRealtimeInput, type LiveRealtimeInput, toRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import { LiveInputError } from '../../lib/errors';

const AUDIO = { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' };
const FRAME = { data: '/9j/', mimeType: 'image/jpeg' };

function inputError(params: unknown): LiveInputError {
  try {
    toRealtimeInput(params as LiveRealtimeInput);
  } catch (error) {
    if (error instanceof LiveInputError) return error;
    throw error;
  }
  throw new Error('expected a LiveInputError');
}

describe('toRealtimeInput', () => {
  it.each<[string, LiveRealtimeInput, unknown]>([
    ['audio', { audio: AUDIO }, { audio: AUDIO }],
    ['any audio/* type', { audio: { data: 'AA', mimeType: 'audio/ogg' } }, { audio: { data: 'AA', mimeType: 'audio/ogg' } }],
    ['a video frame', { video: FRAME }, { video: FRAME }],
    ['text', { text: 'hello' }, { text: 'hello' }],
    ['empty text', { text: '' }, { text: '' }],
    ['activityStart', { activityStart: {} }, { activityStart: {} }],
    ['activityEnd', { activityEnd: {} }, { activityEnd: {} }],
    ['audioStreamEnd', { audioStreamEnd: true }, { audioStreamEnd: true }],
    ['audioStreamEnd false, as the SDK sends it', { audioStreamEnd: false }, { audioStreamEnd: false }],
    ['deprecated media, as mediaChunks, without a MIME check', { media: { data: 'AA', mimeType: 'video/mp4' } }, { mediaChunks: [{ data: 'AA', mimeType: 'video/mp4' }] }],
    ['deprecated media as a list', { media: [AUDIO, AUDIO] }, { mediaChunks: [AUDIO, AUDIO] }],
    ['one field beside an unknown undefined one', { text: 'x', txt: undefined } as unknown as LiveRealtimeInput, { text: 'x' }],
    ['one field beside null and undefined ones', { text: 'x', audio: undefined, video: null } as unknown as LiveRealtimeInput, { text: 'x' }],
  ])('sends %s', (_what, params, expected) => {
    expect(toRealtimeInput(params)).toEqual({ realtimeInput: expected });
  });

  it('keeps the Blob it is given, unknown fields included', () => {
    const audio = { ...AUDIO, displayName: 'mic' };
    expect(toRealtimeInput({ audio }).realtimeInput.audio).toBe(audio);
  });

  it.each([
    ['null', null, '', 'expected an object with one of audio, video, text, activityStart, activityEnd, audioStreamEnd'],
    ['a string', 'hello', '', 'expected an object with one of audio, video, text, activityStart, activityEnd, audioStreamEnd'],
    ['an empty object', {}, '', 'nothing to send: give one of audio, video, text, activityStart, activityEnd, audioStreamEnd'],
    ['only null fields', { audio: null }, '', 'nothing to send: give one of audio, video, text, activityStart, activityEnd, audioStreamEnd'],
    [
      'two fields',
      { audio: AUDIO, text: 'x' },
      '',
      'one field per message, got audio and text: send them as separate values (audio, video and text are separate streams)',
    ],
    ['an unknown field', { audo: AUDIO }, 'audo', 'not a realtimeInput field: expected one of audio, video, text, activityStart, activityEnd, audioStreamEnd, media'],
    ['audio without a MIME type', { audio: { data: 'AA' } }, 'audio.mimeType', 'expected an audio/* MIME type such as "audio/pcm;rate=16000", got none'],
    ['audio with an image type', { audio: { data: 'AA', mimeType: 'image/png' } }, 'audio.mimeType', 'expected an audio/* MIME type such as "audio/pcm;rate=16000", got "image/png"'],
    ['audio without data', { audio: { mimeType: 'audio/pcm' } }, 'audio.data', 'expected the base64-encoded bytes'],
    ['audio that is not a Blob', { audio: 'AAAA' }, 'audio', 'expected Blob, got "AAAA"'],
    ['audio with binary data', { audio: { data: 5, mimeType: 'audio/pcm' } }, 'audio.data', 'expected string, got 5'],
    [
      'a video/mp4 frame',
      { video: { data: 'AA', mimeType: 'video/mp4' } },
      'video.mimeType',
      'expected an image/* MIME type such as "image/jpeg" (video is sent as still frames), got "video/mp4"',
    ],
    ['a non-string text', { text: 42 }, 'text', 'expected string, got 42'],
    ['activityStart true', { activityStart: true }, 'activityStart', 'expected ActivityMarker, got true'],
    ['audioStreamEnd as a string', { audioStreamEnd: 'yes' }, 'audioStreamEnd', 'expected boolean, got "yes"'],
    ['media that is not a Blob', { media: 3 }, 'media', 'expected Blob | Blob[], got 3'],
  ])('refuses %s', (_what, params, path, message) => {
    const error = inputError(params);
    expect(error.sink).toBe('realtimeInput');
    expect(error.message).toBe(`Invalid realtimeInput input: ${path === '' ? '' : `${path}: `}${message}`);
  });

  describe('isDroppableRealtimeInput', () => {
    it.each<[LiveRealtimeInput, boolean]>([
      [{ audio: AUDIO }, true],
      [{ video: FRAME }, true],
      [{ media: AUDIO }, true],
      [{ text: 'x' }, false],
      [{ activityStart: {} }, false],
      [{ activityEnd: {} }, false],
      [{ audioStreamEnd: true }, false],
    ])('%j → %s', (params, droppable) => {
      expect(isDroppableRealtimeInput(toRealtimeInput(params))).toBe(droppable);
    });

    it('keeps messages that mix media with anything else, and empty ones', () => {
      expect(isDroppableRealtimeInput({ realtimeInput: { audio: AUDIO, text: 'x' } })).toBe(false);
      expect(isDroppableRealtimeInput({ realtimeInput: {} })).toBe(false);
    });
  });

  it('sends exactly the one field given, as a valid message (property)', () => {
    const blob = (mime: fc.Arbitrary<string>) => fc.record({ data: fc.base64String(), mimeType: mime });
    const single = fc.oneof(
      blob(fc.constantFrom('audio/pcm;rate=16000', 'audio/pcm', 'audio/wav')).map((audio) => ({ audio })),
      blob(fc.constantFrom('image/jpeg', 'image/png')).map((video) => ({ video })),
      fc.string().map((text) => ({ text })),
      fc.constant({ activityStart: {} }),
      fc.constant({ activityEnd: {} }),
      fc.boolean().map((audioStreamEnd) => ({ audioStreamEnd })),
    );
    fc.assert(
      fc.property(single, (params: LiveRealtimeInput) => {
        const message = toRealtimeInput(params);
        expect(message.realtimeInput).toEqual(params);
        expect(either.isRight(RealtimeInputMessage.decode(message))).toBe(true);
        expect(isDroppableRealtimeInput(message)).toBe('audio' in params || 'video' in params);
      }),
      { numRuns: 200 },
    );
  });
});
