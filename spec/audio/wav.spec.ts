import fc from 'fast-check';
import { downmixToMono, readWav, writeWav } from '../../lib/audio/wav';
import { LiveAudioFormatError, LiveConfigError } from '../../lib/errors';

/** Little-endian fields → bytes. */
function bytes(...fields: Array<string | [number, 2 | 4] | Uint8Array>): Uint8Array {
  const parts = fields.map((field) => {
    if (typeof field === 'string') return Uint8Array.from(field, (char) => char.charCodeAt(0));
    if (field instanceof Uint8Array) return field;
    const [value, size] = field;
    const out = new Uint8Array(size);
    new DataView(out.buffer)[size === 2 ? 'setUint16' : 'setUint32'](0, value, true);
    return out;
  });
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function chunk(id: string, body: Uint8Array, pad = true): Uint8Array {
  return bytes(id, [body.length, 4], body, pad && body.length % 2 === 1 ? new Uint8Array(1) : new Uint8Array(0));
}

function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = bytes('WAVE', ...chunks);
  return bytes('RIFF', [body.length, 4], body);
}

interface FmtFields {
  code?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  align?: number;
}

function fmt(fields: FmtFields = {}): Uint8Array {
  const { code = 1, channels = 1, rate = 16000, bits = 16 } = fields;
  const align = fields.align ?? channels * (bits / 8);
  return chunk('fmt ', bytes([code, 2], [channels, 2], [rate, 4], [rate * align, 4], [align, 2], [bits, 2]));
}

const GUID_TAIL = Uint8Array.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]);

function extensibleFmt(subformat: number, bits = 16, guidTail = GUID_TAIL): Uint8Array {
  const channels = 2;
  const align = channels * (bits / 8);
  return chunk(
    'fmt ',
    bytes([0xfffe, 2], [channels, 2], [48000, 4], [48000 * align, 4], [align, 2], [bits, 2], [22, 2], [bits, 2], [3, 4], [subformat, 2], guidTail),
  );
}

const pcm = (...values: number[]): Uint8Array => new Uint8Array(Int16Array.from(values).buffer);

function expectFormatError(file: Uint8Array, message: RegExp): void {
  let thrown: unknown;
  try {
    readWav(file);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LiveAudioFormatError);
  expect((thrown as LiveAudioFormatError).kind).toBe('audio-format');
  expect((thrown as LiveAudioFormatError).retryable).toBe(false);
  expect((thrown as Error).message).toMatch(message);
}

describe('writeWav / readWav', () => {
  it('round-trips any PCM16 audio losslessly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 192000 }),
        fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 3000 }),
        (channelCount, sampleRate, values) => {
          const samples = Int16Array.from(values.slice(0, values.length - (values.length % channelCount)));
          const file = writeWav({ sampleRate, channelCount, samples });
          expect(file.length).toBe(44 + samples.length * 2);
          expect(readWav(file)).toEqual({ sampleRate, channelCount, samples });
        },
      ),
    );
  });

  it('writes the canonical 44-byte header, mono by default', () => {
    const file = writeWav({ sampleRate: 24000, samples: Int16Array.from([1, -1]) });
    expect(file).toEqual(riff(fmt({ rate: 24000 }), chunk('data', pcm(1, -1))));
  });

  it('refuses samples that do not fill whole frames and invalid rates or channel counts', () => {
    expect(() => writeWav({ sampleRate: 16000, channelCount: 2, samples: new Int16Array(3) })).toThrow(LiveConfigError);
    expect(() => writeWav({ sampleRate: 0, samples: new Int16Array(3) })).toThrow('writeWav.sampleRate');
    expect(() => writeWav({ sampleRate: 16000, channelCount: 0, samples: new Int16Array(3) })).toThrow('writeWav.channelCount');
  });
});

describe('readWav', () => {
  it('skips unknown chunks before, between and after fmt and data, with or without the pad byte', () => {
    const list = chunk('LIST', bytes('INFOISFT', [3, 4], 'ab\0'));
    const odd = chunk('junk', new Uint8Array(3));
    const oddWithoutPad = chunk('bext', new Uint8Array(5), false);
    const file = riff(list, fmt({ channels: 2 }), odd, oddWithoutPad, chunk('data', pcm(1, 2, 3, 4)), chunk('id3 ', new Uint8Array(7)));
    expect(readWav(file)).toEqual({ sampleRate: 16000, channelCount: 2, samples: Int16Array.from([1, 2, 3, 4]) });
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with the PCM subformat', () => {
    expect(readWav(riff(extensibleFmt(1), chunk('data', pcm(5, -5))))).toEqual({
      sampleRate: 48000,
      channelCount: 2,
      samples: Int16Array.from([5, -5]),
    });
  });

  it('reads from a view at an odd offset into its own, aligned samples', () => {
    const file = writeWav({ sampleRate: 8000, samples: Int16Array.from([7, -7, 300]) });
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const { samples } = readWav(shifted.subarray(1));
    expect(samples).toEqual(Int16Array.from([7, -7, 300]));
    expect(samples.byteOffset).toBe(0);
    expect(samples.buffer).not.toBe(shifted.buffer);
  });

  it('reads a streamed file whose data size was left unknown to the end', () => {
    const file = bytes(riff(fmt()).subarray(0, 36), 'data', [0xffffffff, 4], pcm(1, 2, 3));
    expect(readWav(file).samples).toEqual(Int16Array.from([1, 2, 3]));
  });

  it('refuses what is not RIFF/WAVE', () => {
    expectFormatError(new Uint8Array(0), /not a RIFF\/WAVE file/);
    expectFormatError(bytes('RIFF', [4, 4], 'AVI '), /not a RIFF\/WAVE file/);
    expectFormatError(bytes('RIFX', [4, 4], 'WAVE'), /big-endian/);
    expectFormatError(bytes('ID3', new Uint8Array(40)), /not a RIFF\/WAVE file/);
  });

  it('refuses samples other than 16-bit PCM, naming what was found', () => {
    const data = chunk('data', new Uint8Array(12));
    expectFormatError(riff(fmt({ code: 3, bits: 32 }), data), /32-bit float/);
    expectFormatError(riff(fmt({ bits: 8 }), data), /8-bit PCM/);
    expectFormatError(riff(fmt({ bits: 24 }), data), /24-bit PCM/);
    expectFormatError(riff(fmt({ bits: 32 }), data), /32-bit PCM/);
    expectFormatError(riff(fmt({ code: 2, bits: 4, align: 256 }), data), /format code 0x2/);
    expectFormatError(riff(extensibleFmt(3, 32), data), /32-bit float/);
    expectFormatError(riff(extensibleFmt(1, 24), data), /24-bit PCM/);
    expectFormatError(riff(extensibleFmt(1, 16, new Uint8Array(14)), data), /subformat/);
  });

  it('refuses inconsistent formats', () => {
    const data = chunk('data', new Uint8Array(4));
    expectFormatError(riff(fmt({ channels: 0, align: 0 }), data), /0 channels/);
    expectFormatError(riff(fmt({ rate: 0 }), data), /sample rate of 0/);
    expectFormatError(riff(fmt({ channels: 2, align: 2 }), data), /block align 2/);
    expectFormatError(riff(chunk('fmt ', new Uint8Array(14)), data), /'fmt ' chunk is 14 bytes/);
    expectFormatError(riff(chunk('fmt ', bytes([0xfffe, 2], [1, 2], [16000, 4], [32000, 4], [2, 2], [16, 2])), data), /extensible/);
  });

  it('refuses a file without a fmt or data chunk, or with data first', () => {
    expectFormatError(riff(chunk('data', pcm(1))), /before any 'fmt ' chunk/);
    expectFormatError(riff(fmt()), /no data chunk/);
    expectFormatError(riff(chunk('LIST', new Uint8Array(4))), /no 'fmt ' chunk/);
  });

  it('refuses a truncated file', () => {
    const whole = writeWav({ sampleRate: 16000, channelCount: 2, samples: new Int16Array(100) });
    expectFormatError(whole.subarray(0, whole.length - 1), /truncated: the data chunk declares 200 bytes, the file holds 199/);
    expectFormatError(whole.subarray(0, 30), /truncated: the 'fmt ' chunk/);
    expectFormatError(riff(fmt({ channels: 2 }), chunk('data', pcm(1, 2, 3))), /not a whole number of 4-byte frames/);
  });
});

describe('downmixToMono', () => {
  it('averages interleaved channels', () => {
    expect(downmixToMono(Int16Array.from([100, 300, -5, -6, 32767, 32767, -32768, 32767]), 2)).toEqual(Int16Array.from([200, -5, 32767, 0]));
    expect(downmixToMono(Int16Array.from([1, 2, 6, 0, 0, 0]), 3)).toEqual(Int16Array.from([3, 0]));
  });

  it('gives back a channel duplicated on every channel', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 500 }), fc.integer({ min: 1, max: 8 }), (values, channelCount) => {
        const interleaved = Int16Array.from(values.flatMap((value) => Array<number>(channelCount).fill(value)));
        expect(downmixToMono(interleaved, channelCount)).toEqual(Int16Array.from(values));
      }),
    );
  });

  it('returns mono as is and refuses incomplete frames or a bad channel count', () => {
    const mono = Int16Array.from([1, 2, 3]);
    expect(downmixToMono(mono, 1)).toBe(mono);
    expect(() => downmixToMono(mono, 2)).toThrow(LiveConfigError);
    expect(() => downmixToMono(mono, 0)).toThrow('downmixToMono.channelCount');
  });
});
