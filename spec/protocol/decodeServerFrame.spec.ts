import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { decodeServerFrame } from '../../lib/protocol/decodeServerFrame';
import { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveProtocolError } from '../../lib/errors';
import { anyLiveServerMessage, jsonValue, liveServerMessage } from '../support/serverMessageArbitraries';

const encoder = new TextEncoder();

/** How the server writes frames: 2-space indent and a trailing newline (PROTOCOL.md §0.1). */
function serverText(message: unknown): string {
  return `${JSON.stringify(message, null, 2)}\n`;
}

/** The bytes of `text` in the middle of a larger buffer, so the view starts at a non-zero offset. */
function embedded(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  const backing = new Uint8Array(bytes.length + 13);
  backing.fill(0xff); // not UTF-8: reading past the view would fail loudly
  backing.set(bytes, 7);
  return backing.subarray(7, 7 + bytes.length);
}

/** Every shape a frame can arrive in, for one text. */
const inputTypes: readonly [string, (text: string) => unknown][] = [
  ['string', (text) => text],
  ['ArrayBuffer', (text) => encoder.encode(text).buffer],
  ['Uint8Array', (text) => encoder.encode(text)],
  ['Uint8Array subarray at a non-zero offset', (text) => embedded(text)],
  [
    'DataView at a non-zero offset',
    (text) => {
      const view = embedded(text);
      return new DataView(view.buffer, view.byteOffset, view.byteLength);
    },
  ],
  ['Buffer', (text) => Buffer.from(text)],
  [
    'Buffer over part of a larger ArrayBuffer',
    (text) => {
      const view = embedded(text);
      return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    },
  ],
  [
    'Buffer[] of several fragments',
    (text) => {
      const bytes = Buffer.from(text);
      const cuts = [1, Math.floor(bytes.length / 2), bytes.length - 1].filter((cut) => cut > 0 && cut < bytes.length);
      return [0, ...cuts].map((start, index) => bytes.subarray(start, [...cuts, bytes.length][index]));
    },
  ],
  ['Buffer[] of one fragment', (text) => [Buffer.from(text)]],
];

function decodedMessage(data: unknown): LiveServerMessage {
  const result = decodeServerFrame(data);
  if (either.isLeft(result)) throw new Error(`expected a message, got ${result.left.message}`);
  return result.right;
}

function protocolError(data: unknown): LiveProtocolError {
  const result = decodeServerFrame(data);
  if (either.isRight(result)) throw new Error(`expected an error, got ${JSON.stringify(result.right)}`);
  expect(result.left).toBeInstanceOf(LiveProtocolError);
  return result.left;
}

describe('decodeServerFrame', () => {
  describe.each(inputTypes)('from a %s', (_name, toFrame) => {
    it('decodes a pretty-printed frame with a trailing newline', () => {
      const message = {
        serverContent: { turnComplete: true },
        usageMetadata: { promptTokenCount: 515, totalTokenCount: 546, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 515 }] },
      };
      expect(decodedMessage(toFrame(serverText(message)))).toEqual(message);
    });

    it('keeps multi-byte text intact', () => {
      const message = { serverContent: { outputTranscription: { text: 'Grüße, 世界 😀' } } };
      expect(decodedMessage(toFrame(serverText(message)))).toEqual(message);
    });
  });

  it.each<[string, string, LiveServerMessage]>([
    ['setupComplete (Gemini API)', '{\n  "setupComplete": {}\n}\n', { setupComplete: {} }],
    ['setupComplete (Vertex)', '{"setupComplete":{"sessionId":"3f1e8e4c-3c9a"}}', { setupComplete: { sessionId: '3f1e8e4c-3c9a' } }],
    ['a bare serverContent', '{"serverContent":{}}', { serverContent: {} }],
    ['goAway', '{\n  "goAway": {\n    "timeLeft": "50s"\n  }\n}\n', { goAway: { timeLeft: '50s' } }],
    ['a frame with a UTF-8 byte order mark', '\ufeff{"serverContent":{"interrupted":true}}', { serverContent: { interrupted: true } }],
  ])('decodes %s', (_name, text, message) => {
    expect(decodedMessage(encoder.encode(text))).toEqual(message);
  });

  it('decodes an ArrayBuffer and a view made in another realm (where instanceof fails)', () => {
    const text = '{"setupComplete":{}}';
    const foreign = runInNewContext(`new ArrayBuffer(${text.length})`) as ArrayBuffer;
    expect(foreign instanceof ArrayBuffer).toBe(false);
    new Uint8Array(foreign).set(encoder.encode(text));
    expect(decodedMessage(foreign)).toEqual({ setupComplete: {} });
    expect(decodedMessage(runInNewContext('new Uint8Array(buffer, 0)', { buffer: foreign }))).toEqual({ setupComplete: {} });
  });

  it('joins fragments cut at any byte, inside multi-byte characters too', () => {
    const message = { serverContent: { outputTranscription: { text: 'Grüße, 世界 😀' } } };
    const bytes = Buffer.from(JSON.stringify(message));
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodedMessage([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(message);
    }
  });

  it('keeps an unknown message kind and unknown nested fields', () => {
    const text = serverText({ newKind: { a: [1, { b: null }] }, serverContent: { modelTurn: { parts: [{ text: 'x', newPartField: true }] }, newFlag: 'on' } });
    expect(decodedMessage(encoder.encode(text))).toEqual({
      newKind: { a: [1, { b: null }] },
      serverContent: { modelTurn: { parts: [{ text: 'x', newPartField: true }] }, newFlag: 'on' },
    });
  });

  describe('refuses', () => {
    it.each<[string, number[]]>([
      ['a stray continuation byte', [0x7b, 0x80, 0x7d]],
      ['an overlong encoding', [0x22, 0xc0, 0xaf, 0x22]],
      ['a truncated sequence at the end', [0x22, 0xe4, 0xb8]],
      ['an encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ])('bytes that are not UTF-8: %s', (_name, bytes) => {
      const error = protocolError(new Uint8Array(bytes));
      expect(error.problems).toEqual(['the binary frame is not valid UTF-8']);
      expect(error.message).toBe('Bad frame from the Live server: the binary frame is not valid UTF-8');
      expect(error.excerpt).toContain('\ufffd');
    });

    it('invalid UTF-8 in any fragment of a fragmented frame', () => {
      const error = protocolError([Buffer.from('{"a":"'), Buffer.from([0xe4, 0xb8]), Buffer.from('"}')]);
      expect(error.problems).toEqual(['the binary frame is not valid UTF-8']);
    });

    it.each(['', '{', '{"serverContent":', "{'a':1}", '{"a":1}}', 'setupComplete', '{"a":01}'])('text that is not JSON: %j', (text) => {
      for (const data of [text, encoder.encode(text)]) {
        const error = protocolError(data);
        expect(error.problems).toHaveLength(1);
        expect(error.problems[0]).toMatch(/^the frame is not valid JSON \(.+\)$/);
        expect(error.excerpt).toBe(text);
      }
    });

    it.each([
      ['[]', 'an array'],
      ['[{"setupComplete":{}}]', 'an array'],
      ['42', 'a number'],
      ['null', 'null'],
      ['"setupComplete"', 'a string'],
      ['true', 'a boolean'],
    ])('JSON that is not an object: %s', (text, kind) => {
      const error = protocolError(encoder.encode(text));
      expect(error.problems).toEqual([`expected a JSON object, got ${kind}`]);
      expect(error.excerpt).toBe(text);
    });

    it('fields of the wrong type, naming their paths', () => {
      const text = JSON.stringify({ serverContent: { turnComplete: 'yes', modelTurn: { parts: [{ text: 'ok' }, { inlineData: { data: 7 } }] } } });
      const error = protocolError(Buffer.from(text));
      // In the codec's field order, not the frame's.
      expect(error.problems).toEqual([
        'serverContent.modelTurn.parts[1].inlineData.data: expected string, got 7',
        'serverContent.turnComplete: expected boolean, got "yes"',
      ]);
      expect(error.message).toBe(`Bad frame from the Live server: ${error.problems.join('; ')}`);
      expect(error.excerpt).toBe(text);
    });

    it('with an excerpt of the first 200 characters of the frame', () => {
      const text = serverText({ goAway: { timeLeft: 50 }, padding: 'p'.repeat(1000) });
      const error = protocolError(encoder.encode(text).buffer);
      expect(error.problems).toEqual(['goAway.timeLeft: expected string, got 50']);
      expect(error.excerpt).toBe(text.slice(0, 200));
    });

    it('with an excerpt that does not end on half a surrogate pair', () => {
      const text = `{"goAway":7,"x":"${'a'.repeat(200 - '{"goAway":7,"x":"'.length - 1)}😀"}`;
      expect(text.charCodeAt(199)).toBeGreaterThanOrEqual(0xd800); // the cut falls inside the pair
      const error = protocolError(text);
      expect(error.excerpt).toBe(text.slice(0, 199));
    });

    it.each<[string, unknown, string]>([
      ['null', null, 'null'],
      ['undefined', undefined, 'undefined'],
      ['a number', 42, 'a number'],
      ['a boolean', true, 'a boolean'],
      ['a Blob', new Blob(['{}']), 'a Blob (set binaryType to "arraybuffer")'],
      ['a plain object', { setupComplete: {} }, 'an object (Object)'],
      ['an array of strings', ['{}'], 'an array that is not made of byte buffers'],
      ['an array mixing buffers and strings', [Buffer.from('{'), '}'], 'an array that is not made of byte buffers'],
    ])('a frame that is %s', (_name, data, kind) => {
      const error = protocolError(data);
      expect(error.problems).toEqual([`expected a text or binary frame, got ${kind}`]);
      expect(error.excerpt).toBe('');
    });
  });

  describe('properties', () => {
    const message = fc.oneof(liveServerMessage, anyLiveServerMessage);

    it.each(inputTypes)('every valid message round-trips through a %s', (_name, toFrame) => {
      fc.assert(
        fc.property(message, fc.boolean(), (value, pretty) => {
          const text = pretty ? serverText(value) : JSON.stringify(value);
          expect(decodedMessage(toFrame(text))).toEqual(value);
        }),
        { numRuns: 40 },
      );
    });

    // decodeServerFrame skips `decode` for values `is` accepts; that is only right if they decode to themselves.
    it('a message that the codec\'s `is` accepts decodes to the very same object', () => {
      fc.assert(
        fc.property(fc.oneof(message, jsonValue), (value) => {
          if (!LiveServerMessage.is(value)) return;
          const decoded = LiveServerMessage.decode(value);
          expect(either.isRight(decoded) && decoded.right === value).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it('a wrong type at a known field is always reported at its path', () => {
      const notBoolean = jsonValue.filter((value) => typeof value !== 'boolean');
      fc.assert(
        fc.property(fc.constantFrom('turnComplete', 'interrupted', 'generationComplete', 'waitingForInput'), notBoolean, (field, value) => {
          const error = protocolError(JSON.stringify({ serverContent: { [field]: value } }));
          expect(error.problems).toHaveLength(1);
          expect(error.problems[0]).toMatch(new RegExp(`^serverContent\\.${field}: expected boolean, got `));
        }),
        { numRuns: 100 },
      );
    });

    /** A result is a decoded object or a well-formed LiveProtocolError; nothing else, nothing thrown. */
    function expectWellFormed(data: unknown): void {
      const result = decodeServerFrame(data);
      if (either.isRight(result)) {
        expect(typeof result.right).toBe('object');
        expect(Array.isArray(result.right)).toBe(false);
        expect(result.right).not.toBeNull();
      } else {
        expect(result.left).toBeInstanceOf(LiveProtocolError);
        expect(result.left.problems.length).toBeGreaterThan(0);
        expect(result.left.excerpt.length).toBeLessThanOrEqual(200);
      }
    }

    it('arbitrary strings never throw', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (text) => expectWellFormed(text)),
        { numRuns: 300 },
      );
    });

    it('arbitrary bytes never throw', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 3 }), (bytes, shape) => {
          const frames: unknown[] = [bytes, bytes.buffer, Buffer.from(bytes), [Buffer.from(bytes.subarray(0, 3)), Buffer.from(bytes.subarray(3))]];
          expectWellFormed(frames[shape]);
        }),
        { numRuns: 300 },
      );
    });

    it('mutated valid frames never throw', () => {
      const mutation = fc.oneof(
        // Flip one byte.
        fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => (bytes: Uint8Array) => {
          const copy = bytes.slice();
          const index = at % Math.max(1, copy.length);
          if (copy.length > 0) copy[index] = (copy[index] ?? 0) ^ mask;
          return copy;
        }),
        // Cut the frame short.
        fc.nat().map((at) => (bytes: Uint8Array) => bytes.slice(0, bytes.length === 0 ? 0 : at % bytes.length)),
        // Insert arbitrary bytes.
        fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([at, inserted]) => (bytes: Uint8Array) => {
          const cut = bytes.length === 0 ? 0 : at % bytes.length;
          return Uint8Array.from([...bytes.subarray(0, cut), ...inserted, ...bytes.subarray(cut)]);
        }),
      );
      fc.assert(
        fc.property(message, fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
          const bytes = mutations.reduce((frame, mutate) => mutate(frame), encoder.encode(serverText(value)));
          expectWellFormed(bytes);
        }),
        { numRuns: 200 },
      );
    });

    it('replacing any value of a valid frame never throws', () => {
      fc.assert(
        fc.property(message, fc.nat(), jsonValue, (value, pick, replacement) => {
          const text = JSON.stringify(value);
          // Swap the pick-th scalar of the frame for another JSON value (often of another type).
          const scalars = [...text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/g)];
          const target = scalars.length === 0 ? undefined : scalars[pick % scalars.length];
          const mutated =
            target?.index === undefined
              ? text
              : `${text.slice(0, target.index)}${JSON.stringify(replacement)}${text.slice(target.index + target[0].length)}`;
          expectWellFormed(mutated);
          expectWellFormed(encoder.encode(mutated));
        }),
        { numRuns: 200 },
      );
    });
  });
});

describe('decodeServerFrame redact option', () => {
  const secret = 'known-secret-0123456789';
  const redact = (text: string): string => text.split(secret).join('[REDACTED]');

  it('redacts the excerpt before cutting it at 200 characters, so a secret across the cut leaves nothing', () => {
    const frame = `{"echo": "${'x'.repeat(180)}${secret}${'y'.repeat(50)}`;
    const result = decodeServerFrame(frame, { redact });
    expect(either.isLeft(result) && result.left.excerpt).toBe(`{"echo": "${'x'.repeat(180)}[REDACTED]`);
  });

  it('redacts offending values before cutting them at 60 characters', () => {
    const result = decodeServerFrame(JSON.stringify({ serverContent: { turnComplete: `${'z'.repeat(40)}${secret} and more` } }), { redact });
    const problems = either.isLeft(result) ? result.left.problems : [];
    expect(problems).toEqual([`serverContent.turnComplete: expected boolean, got "${'z'.repeat(40)}[REDACTED] and mor…`]);
  });
});
