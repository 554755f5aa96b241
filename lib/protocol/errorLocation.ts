/**
 * Where an io-ts validation error points, in the terms of the value being checked. io-ts records a
 * context entry for every codec it went through, including the members of unions and intersections;
 * those are not steps into the value, so they are left out of the path. Shared by the server-frame
 * reporter and the user-input validator, so both name paths the same way.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';

/**
 * @internal
 */
export interface ErrorLocation {
  /** The steps into the value: property names, and numbers for array positions. */
  readonly keys: readonly (string | number)[];
  /** The outermost codec at that position, e.g. a union rather than the member tried last. */
  readonly expected: t.Decoder<unknown, unknown> | undefined;
  /** How many steps deep the first union on the way is (its members compete); undefined if none. */
  readonly unionDepth: number | undefined;
}

/**
 * @internal
 */
export function locateError(error: t.ValidationError): ErrorLocation {
  const keys: (string | number)[] = [];
  let expected = error.context[0]?.type;
  let unionDepth = expected instanceof t.UnionType ? 0 : undefined;
  for (let index = 1; index < error.context.length; index++) {
    const entry = error.context[index];
    const parent = error.context[index - 1]?.type;
    if (entry === undefined || parent instanceof t.UnionType || parent instanceof t.IntersectionType) continue;
    keys.push(isArrayCodec(parent) && /^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
    expected = entry.type;
    if (unionDepth === undefined && entry.type instanceof t.UnionType) unionDepth = keys.length;
  }
  return { keys, expected, unionDepth };
}

/**
 * `base.key`, or `base[index]` for array positions; `key` alone when `base` is empty.
 *
 * @internal
 */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/**
 * The keys as one path string, under `base`.
 *
 * @internal
 */
export function formatPath(keys: readonly (string | number)[], base = ''): string {
  return keys.reduce<string>(joinPath, base);
}

function isArrayCodec(codec: t.Decoder<unknown, unknown> | undefined): boolean {
  return codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType || codec instanceof t.TupleType;
}
