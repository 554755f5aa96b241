import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../lib/audio/base64';
import { LiveAudioFormatError } from '../../lib/errors';

describe('encodeBase64 / decodeBase64', () => {
  it('round-trips any bytes losslessly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const decoded = decodeBase64(encodeBase64(bytes));
        expect(Array.from(decoded)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('encodes only the range of a view', () => {
    const whole = new Uint8Array([9, 1, 2, 3, 9]);
    expect(encodeBase64(whole.subarray(1, 4))).toBe('AQID');
    expect(encodeBase64(whole.buffer)).toBe('CQECAwk=');
  });

  it('decodes into an owned buffer at offset 0, usable as Int16 samples', () => {
    const decoded = decodeBase64(encodeBase64(new Uint8Array([0x01, 0x80, 0xff, 0x7f])));
    expect(decoded.byteOffset).toBe(0);
    expect(Array.from(new Int16Array(decoded.buffer))).toEqual([-32767, 32767]);
  });

  it('rejects text that is not base64', () => {
    expect(() => decodeBase64('not base64!')).toThrow(LiveAudioFormatError);
    expect(() => decodeBase64('AQI')).toThrow(expect.objectContaining({ kind: 'audio-format', format: 'base64', retryable: false }));
  });

  it('encodes a long chunk in one piece', () => {
    const bytes = new Uint8Array(200_000).map((_, index) => index % 251);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
  });
});
