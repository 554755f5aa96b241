import fc from 'fast-check';
import { bytesToPcm16, concatPcm16, float32ToPcm16, pcm16ToBytes, pcm16ToFloat32 } from '../../lib/audio/pcm16';

describe('PCM16 conversions', () => {
  it('clamps floats outside [-1, 1] and maps NaN to silence', () => {
    expect(Array.from(float32ToPcm16(new Float32Array([0, 0.5, -0.5, 1, -1, 2, -3, Number.NaN])))).toEqual([
      0, 16384, -16384, 32767, -32768, 32767, -32768, 0,
    ]);
  });

  it('round-trips every PCM16 sample through float32 exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 2000 }), (values) => {
        const samples = Int16Array.from(values);
        expect(Array.from(float32ToPcm16(pcm16ToFloat32(samples)))).toEqual(values);
      }),
    );
  });

  it('lays samples out little-endian and reads them back', () => {
    const bytes = pcm16ToBytes(Int16Array.from([1, -2, 0x1234]));
    expect(Array.from(bytes)).toEqual([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
    expect(Array.from(bytesToPcm16(bytes))).toEqual([1, -2, 0x1234]);
  });

  it('reads misaligned bytes and ignores a trailing half sample', () => {
    const buffer = new Uint8Array([0, 0x01, 0x00, 0xfe, 0xff, 0x7f]);
    expect(Array.from(bytesToPcm16(buffer.subarray(1)))).toEqual([1, -2]);
  });

  it('joins chunks in order into a new array, empty ones included', () => {
    const first = Int16Array.of(1, 2);
    const joined = concatPcm16([first, new Int16Array(0), Int16Array.of(-3)]);
    expect(Array.from(joined)).toEqual([1, 2, -3]);
    joined[0] = 9;
    expect(first[0]).toBe(1);
    expect(concatPcm16([])).toEqual(new Int16Array(0));
  });
});
