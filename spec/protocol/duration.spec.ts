import fc from 'fast-check';
import { goAwayTimeLeftMs, parseDuration } from '../../lib/protocol/duration';

describe('parseDuration', () => {
  it.each([
    ['50s', 50],
    ['9.5s', 9.5],
    ['0s', 0],
    ['0.000500s', 0.0005],
    ['1.000000001s', 1.000000001],
    ['-1.5s', -1.5],
    ['315576000000s', 315_576_000_000],
    ['-315576000000s', -315_576_000_000],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('reads "-0s" as positive zero', () => {
    expect(Object.is(parseDuration('-0s'), 0)).toBe(true);
    expect(Object.is(parseDuration('-0.000s'), 0)).toBe(true);
  });

  it.each([
    '',
    's',
    '50',
    '50ms',
    '5m',
    ' 50s',
    '50s ',
    '5 0s',
    '+5s',
    '.5s',
    '5.s',
    '1e3s',
    '0x10s',
    'NaNs',
    'Infinitys',
    '1.0000000001s', // ten fractional digits: beyond nanoseconds
    '315576000001s', // beyond the proto's ±10,000 years
    '50S',
  ])('gives undefined for %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('reads every Duration in the proto3 JSON form back to its seconds', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat({ max: 315_576_000_000 - 1 }),
        fc.nat({ max: 999_999_999 }),
        fc.integer({ min: 0, max: 9 }),
        (negative, seconds, nanos, digits) => {
          const fraction = String(nanos).padStart(9, '0').slice(0, digits);
          const text = `${negative ? '-' : ''}${seconds}${digits === 0 ? '' : `.${fraction}`}s`;
          const expected = (negative ? -1 : 1) * (seconds + (digits === 0 ? 0 : Number(`0.${fraction}`)));
          const parsed = parseDuration(text);
          expect(parsed).toBeDefined();
          // Within float rounding of the exact decimal value.
          expect(Math.abs((parsed ?? NaN) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-15 + 1e-15);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws, and only reads strings of the Duration form', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^-?\d{0,13}(\.\d{0,10})?s?$/)), (text) => {
        const parsed = parseDuration(text);
        if (parsed === undefined) return;
        expect(text).toMatch(/^-?\d+(\.\d{1,9})?s$/);
        expect(Number.isFinite(parsed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('goAwayTimeLeftMs', () => {
  it('reads timeLeft in milliseconds, and a missing or unreadable one as 0 (act now)', () => {
    expect(goAwayTimeLeftMs({ timeLeft: '9.5s' })).toBe(9500);
    expect(goAwayTimeLeftMs({ timeLeft: '0.0004s' })).toBe(0);
    expect(goAwayTimeLeftMs({})).toBe(0);
    expect(goAwayTimeLeftMs({ timeLeft: 'soon' })).toBe(0);
    expect(goAwayTimeLeftMs({ timeLeft: '-3s' })).toBe(0);
  });
});
