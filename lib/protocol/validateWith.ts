/**
 * Checks user input against a codec and reports the first problem as a path and a sentence
 * (`config.realtimeInputConfig.activityHandling: expected ActivityHandling, got "BARGE_IN"`), through
 * a `Fail` callback so the same conversions can raise `LiveConfigError` (setup) or `LiveInputError`
 * (sinks).
 *
 * @since 0.1.0
 */
import * as either from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { LiveConfigError, LiveInputError } from '../errors';
import { redactedExcerpt } from '../transport/redact';
import { formatPath, locateError } from './errorLocation';

export { joinPath } from './errorLocation';

/**
 * Raises the error for a problem at `path`. Never returns.
 *
 * @internal
 */
export type Fail = (path: string, message: string) => never;

/**
 * Problems in the session configuration: `LiveConfigError(path, message)`.
 *
 * @internal
 */
export const failConfig: Fail = (path, message) => {
  throw new LiveConfigError(path, message);
};

/**
 * Problems in a value given to a sink: `LiveInputError(sink, "path: message")`.
 *
 * @internal
 */
export function failInput(sink: string): Fail {
  return (path, message) => {
    throw new LiveInputError(sink, path === '' ? message : `${path}: ${message}`);
  };
}


/**
 * The first own field of `value` that is not in `known` and holds something (a field set to
 * `undefined` is the same as an absent one). The parameter objects of the sinks and the config are
 * checked with this, so a misspelt field name fails instead of being silently ignored.
 *
 * @internal
 */
export function unknownField(value: object, known: ReadonlySet<string>): string | undefined {
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (fields[key] !== undefined && !known.has(key)) return key;
  }
  return undefined;
}

/**
 * A short, printable description of a value for error messages: primitives as JSON (strings redacted
 * and cut at 40 characters), containers by kind only, so a message never repeats a large payload.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    case 'string': {
      // Redacted before it is cut, never ending on half a surrogate pair: a key pasted into the wrong
      // field must not reach the message, whole or in part.
      return redactedExcerpt(JSON.stringify(value), 41, undefined, '…"');
    }
    default:
      return String(value);
  }
}

/**
 * Decodes `value` with `codec` and returns it, or calls `fail` with the most specific problem: the one
 * with the deepest path (for a union, the member that got furthest).
 *
 * @internal
 */
export function validateWith<C extends t.Mixed>(codec: C, value: unknown, path: string, fail: Fail): t.TypeOf<C> {
  const result = codec.decode(value);
  if (either.isRight(result)) return result.right as t.TypeOf<C>;
  const problem = mostSpecific(result.left);
  return fail(
    formatPath(problem.keys, path),
    `expected ${problem.expected}, got ${describeValue(problem.actual)}`,
  );
}

interface Problem {
  readonly keys: readonly (string | number)[];
  readonly expected: string;
  readonly actual: unknown;
}

function mostSpecific(errors: t.Errors): Problem {
  let best: Problem | undefined;
  for (const error of errors) {
    const { keys, expected } = locateError(error);
    if (best === undefined || keys.length > best.keys.length) best = { keys, expected: expectation(expected), actual: error.value };
  }
  return best ?? { keys: [], expected: 'a valid value', actual: undefined };
}

function expectation(codec: t.Decoder<unknown, unknown> | undefined): string {
  if (codec instanceof t.KeyofType) {
    return `one of ${Object.keys(codec.keys as Record<string, unknown>)
      .map((key) => JSON.stringify(key))
      .join(', ')}`;
  }
  return codec?.name ?? 'a valid value';
}
