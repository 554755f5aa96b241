/**
 * Whether `value` is an object with fields: not `null`, not an array. This is what a JSON object
 * parses to and what the options and messages given to us must be; class instances pass too, since
 * every check that uses it reads fields and nothing else.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
