import * as t from 'io-ts';
import { describeValue, failConfig, failInput, joinPath, unknownField, validateWith } from '../../lib/protocol/validateWith';
import { LiveConfigError, LiveInputError } from '../../lib/errors';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('validateWith', () => {
  const Inner = t.partial({ mode: t.keyof({ A: null, B: null }, 'Mode'), count: t.number }, 'Inner');
  const Outer = t.partial(
    {
      list: t.readonlyArray(Inner),
      choice: t.union([t.string, t.readonlyArray(t.string)], 'StringOrStrings'),
      both: t.intersection([t.type({ id: t.string }), t.partial({ n: t.number })], 'Both'),
    },
    'Outer',
  );

  it('returns the value itself when it is valid', () => {
    const value = { list: [{ mode: 'A' }], extra: true };
    expect(validateWith(Outer, value, 'root', failConfig)).toBe(value);
  });

  it.each([
    [{ list: [{}, { mode: 'C' }] }, 'root.list[1].mode', 'expected one of "A", "B", got "C"'],
    [{ list: [{ count: '3' }] }, 'root.list[0].count', 'expected number, got "3"'],
    [{ list: 'x' }, 'root.list', 'expected ReadonlyArray<Inner>, got "x"'],
    [{ choice: 4 }, 'root.choice', 'expected StringOrStrings, got 4'],
    [{ choice: ['a', 5] }, 'root.choice[1]', 'expected string, got 5'],
    [{ both: { n: 1 } }, 'root.both.id', 'expected string, got undefined'],
    [7, 'root', 'expected Outer, got 7'],
  ])('reports %j at the deepest path', (value, path, message) => {
    const error = (() => {
      try {
        validateWith(Outer, value, 'root', failConfig);
      } catch (caught) {
        return caught as LiveConfigError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(LiveConfigError);
    expect(error.path).toBe(path);
    expect(error.message).toBe(`Invalid Live config at ${path}: ${message}`);
  });

  it('reports sink input problems as LiveInputError, with or without a path', () => {
    expect(() => failInput('realtimeInput')('audio', 'bad')).toThrow(LiveInputError);
    expect(messageOf(() => failInput('realtimeInput')('audio', 'bad'))).toBe('Invalid realtimeInput input: audio: bad');
    expect(messageOf(() => failInput('toolResponse')('', 'bad'))).toBe('Invalid toolResponse input: bad');
    expect(messageOf(() => validateWith(t.string, 1, '', failInput('x')))).toBe('Invalid x input: expected string, got 1');
  });
});

describe('unknownField', () => {
  it('names the first unknown field that holds a value', () => {
    expect(unknownField({ a: 1, b: 2 }, new Set(['a', 'b']))).toBeUndefined();
    expect(unknownField({ a: 1, typo: undefined }, new Set(['a']))).toBeUndefined();
    expect(unknownField({ a: 1, typo: null, other: 2 }, new Set(['a']))).toBe('typo');
    expect(unknownField({}, new Set<string>())).toBeUndefined();
  });
});

describe('joinPath and describeValue', () => {
  it('joins keys and indexes', () => {
    expect(joinPath('', 'a')).toBe('a');
    expect(joinPath('a', 'b')).toBe('a.b');
    expect(joinPath('a', 0)).toBe('a[0]');
    expect(joinPath('', 2)).toBe('[2]');
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
    [() => 1, 'a function'],
    [1.5, '1.5'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [true, 'true'],
    ['short', '"short"'],
    ['y'.repeat(60), `"${'y'.repeat(38)}…"`],
    [BigInt(3), '3'],
  ])('describes %p as %s', (value, description) => {
    expect(describeValue(value)).toBe(description);
  });

  it('never ends a cut string on half of a surrogate pair', () => {
    expect(describeValue(`${'y'.repeat(37)}😀 and more`)).toBe(`"${'y'.repeat(37)}…"`);
  });

  it('redacts a key before cutting, wherever the cut falls in it', () => {
    const key = 'AIzaSyPastedIntoTheWrongField0123456789';
    for (let offset = 0; offset < 40; offset += 1) {
      const described = describeValue(`${' '.repeat(offset)}${key}`);
      for (let start = 0; start + 8 <= key.length; start += 1) expect({ offset, described }).not.toEqual({ offset, described: expect.stringContaining(key.slice(start, start + 8)) });
    }
  });
});
