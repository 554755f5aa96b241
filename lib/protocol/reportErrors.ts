/**
 * Readable problems from io-ts validation errors, for `LiveProtocolError.problems`: one short line per
 * problem, `serverContent.turnComplete: expected boolean, got "yes"`, rather than io-ts's
 * `PathReporter` output, which repeats whole structural types at every step.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts';
import { redactedExcerpt } from '../transport/redact';
import { formatPath, locateError } from './errorLocation';

/** Longest rendering of an offending value; frames can hold megabytes of base64 audio. */
const MAX_VALUE_LENGTH = 60;

/** Lines kept by default; a frame with a thousand bad items needs a few examples, not all of them. */
const DEFAULT_MAX_PROBLEMS = 10;

/**
 * Options of {@link reportErrors}.
 *
 * @internal
 */
export interface ReportErrorsOptions {
  /** Lines to keep before summarising the rest as `… and N more problems`. Default 10. */
  readonly maxProblems?: number;
  /**
   * Removes credentials from each offending value before it is cut to length, so a secret a server
   * echoes inside a long field is removed whole. Default: `redactSecrets` without known secrets.
   *
   * @since 0.2.0
   */
  readonly redact?: (text: string) => string;
}

/**
 * One line per distinct problem, in the order io-ts found them: the path of the field (`a.b[2].c`;
 * union and intersection members add nothing to it), what was expected (the codec's name), and an
 * excerpt of what arrived. A problem at the root has no path prefix. Inside a union, only the members
 * that got furthest are reported: `[1, "x"]` against `string | number[]` is about `[1]`, not about not
 * being a string.
 *
 * @example
 * ```ts
 * const result = LiveServerMessage.decode({ serverContent: { turnComplete: 'yes' } });
 * if (either.isLeft(result)) reportErrors(result.left);
 * // ['serverContent.turnComplete: expected boolean, got "yes"']
 * ```
 *
 * @internal
 */
export function reportErrors(errors: t.Errors, options: ReportErrorsOptions = {}): string[] {
  const maxProblems = Math.max(1, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const problems = errors.map((error) => describeError(error, options.redact));
  const deepestInUnion = new Map<string, number>();
  for (const { union, depth } of problems) {
    if (union !== undefined) deepestInUnion.set(union, Math.max(depth, deepestInUnion.get(union) ?? 0));
  }
  const lines = [
    ...new Set(
      problems
        .filter(({ union, depth }) => union === undefined || depth === deepestInUnion.get(union))
        .map(({ line }) => line),
    ),
  ];
  if (lines.length <= maxProblems) return lines;
  const hidden = lines.length - maxProblems;
  return [...lines.slice(0, maxProblems), `… and ${hidden} more problem${hidden === 1 ? '' : 's'}`];
}

interface Problem {
  readonly line: string;
  readonly depth: number;
  /** The path of the first union on the way, when there is one: its members compete. */
  readonly union: string | undefined;
}

function describeError(error: t.ValidationError, redact: ((text: string) => string) | undefined): Problem {
  const { keys, expected, unionDepth } = locateError(error);
  const path = formatPath(keys);
  const problem = error.message ?? `expected ${expected?.name ?? 'a valid value'}, got ${excerpt(error.value, redact)}`;
  return {
    line: path === '' ? problem : `${path}: ${problem}`,
    depth: keys.length,
    union: unionDepth === undefined ? undefined : formatPath(keys.slice(0, unionDepth)),
  };
}

function excerpt(value: unknown, redact: ((text: string) => string) | undefined): string {
  if (value === undefined) return 'undefined';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // Cycles and bigints only come from callers decoding their own objects, never from a frame.
  }
  const text = json ?? typeof value;
  // Redacted first, then cut: a credential straddling the cut is removed whole (issue 13 §7).
  // Never ends on half of a surrogate pair: the line must stay valid UTF-16 for loggers.
  return redactedExcerpt(text, MAX_VALUE_LENGTH, redact, '…');
}
