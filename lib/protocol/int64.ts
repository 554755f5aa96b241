import * as t from 'io-ts';

const DECIMAL_INTEGER = /^-?\d+$/;

/**
 * An `int64` proto field, one rule both ways: proto3 JSON writes int64 as a decimal
 * string, which is what the server sends and the SDK types ask for; a safe integer number, which proto3
 * JSON readers also accept, is read as that string, so readers see one type and we send the canonical
 * form.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Int64 = new t.Type<string, string, unknown>(
  'Int64',
  (u): u is string => typeof u === 'string' && DECIMAL_INTEGER.test(u),
  (u, c) => {
    if (typeof u === 'string' && DECIMAL_INTEGER.test(u)) return t.success(u);
    return typeof u === 'number' && Number.isSafeInteger(u) ? t.success(String(u)) : t.failure(u, c);
  },
  t.identity,
);
export type Int64 = t.TypeOf<typeof Int64>;
