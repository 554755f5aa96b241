/**
 * The SDK's shorthand for content: where it wants a `Content` (system instructions) or a list of
 * `Content` (conversation turns), it also takes strings, Parts and arrays of them. These functions
 * make the same `Content` values, then check them against the codecs.
 *
 * What counts as a `Content` is what the SDK counts: an object whose `parts` is an array. Anything else
 * is a Part (a string stands for `{text}`).
 *
 * @since 0.1.0
 */
import { Content, Part } from './content';
import { type Fail, joinPath, validateWith } from './validateWith';
import { isRecord } from '../util/isRecord';

const USER = 'user';

function isContentLike(value: unknown): value is { readonly parts: readonly unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { parts?: unknown }).parts);
}

function isFunctionPart(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('functionCall' in value || 'functionResponse' in value);
}

function toPart(value: unknown, path: string, fail: Fail): Part {
  if (typeof value === 'string') return { text: value };
  if (!isRecord(value)) {
    return fail(path, `expected text or a Part object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return validateWith(Part, value, path, fail);
}

function toParts(value: unknown, path: string, fail: Fail): Part[] {
  if (!Array.isArray(value)) return [toPart(value, path, fail)];
  if (value.length === 0) return fail(path, 'expected at least one part, got an empty array');
  return value.map((item, index) => toPart(item, joinPath(path, index), fail));
}

/**
 * One `Content` from a `ContentUnion`: a Content passes as it is; a string, a Part or an array of them
 * becomes `{role: 'user', parts}`. Used for `systemInstruction`.
 *
 * @internal
 */
export function toContent(value: unknown, path: string, fail: Fail): Content {
  if (value === undefined || value === null) return fail(path, 'expected text, a Part, a Content or an array of Parts');
  if (isContentLike(value)) return validateWith(Content, value, path, fail);
  return { parts: toParts(value, path, fail), role: USER };
}

/**
 * A list of `Content` from the SDK's `ContentListUnion` (conversation turns):
 *
 * - a Content or an array of Contents passes as it is (this is how history with `role: 'model'` is
 *   seeded);
 * - a string, a Part, or an array of them becomes one `user` Content;
 * - mixing Contents and Parts in one array is refused, as is a bare `functionCall` / `functionResponse`
 *   part: such parts need a Content that says whose turn they belong to. Both are the SDK's rules.
 *
 * @internal
 */
export function toContents(value: unknown, path: string, fail: Fail): Content[] {
  if (value === undefined || value === null) return fail(path, 'expected text, a Part, a Content or an array of them');
  if (!Array.isArray(value)) {
    if (!isContentLike(value) && isFunctionPart(value)) return fail(path, FUNCTION_PART_MESSAGE);
    return [toContent(value, path, fail)];
  }
  if (value.length === 0) return fail(path, 'expected at least one turn, got an empty array');
  const contents = isContentLike(value[0]);
  value.forEach((item, index) => {
    if (isContentLike(item) !== contents) {
      fail(
        joinPath(path, index),
        'cannot mix Contents and Parts in one array: group the parts into Contents, each with its role',
      );
    }
    if (!contents && isFunctionPart(item)) fail(joinPath(path, index), FUNCTION_PART_MESSAGE);
  });
  if (contents) return value.map((item, index) => validateWith(Content, item, joinPath(path, index), fail));
  return [{ parts: toParts(value, path, fail), role: USER }];
}

const FUNCTION_PART_MESSAGE =
  'a functionCall or functionResponse part must be wrapped in a Content that gives its role; answer tool calls through toolResponse';
