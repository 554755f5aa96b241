/**
 * `session.clientContent` values → `{clientContent: …}` frames, as `Session.sendClientContent` of
 * `@google/genai` builds them.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import type { LiveBackend } from '../transport/endpointOptions';
import { PART_ONLY_FIELDS, rejectBackendOnlyFields } from './backendOnlyFields';
import type { ClientContentMessage, LiveClientContent } from './clientMessages';
import { Content, Part } from './content';
import { toContents } from './contentUnion';
import { PartUnion } from './liveConnectConfig';
import { failInput, unknownField } from './validateWith';
import { isRecord } from '../util/isRecord';

const SINK = 'clientContent';

/** The runtime codec of {@link LiveClientContentInput}; its `.props` are the codecs of the fields. @category codecs @since 0.1.0 */
export const LiveClientContentInput = t.partial(
  {
    turns: t.union([t.string, Content, Part, t.readonlyArray(t.union([PartUnion, Content]))]),
    turnComplete: t.boolean,
  },
  'LiveClientContentInput',
);
/**
 * What the SDK's `sendClientContent` takes: `turns` as text, a Part, a Content, or an array of Parts
 * or of Contents; `turnComplete` defaults to `true`.
 *
 * @category conversions
 * @since 0.1.0
 */
export interface LiveClientContentInput extends t.TypeOf<typeof LiveClientContentInput> {}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(LiveClientContentInput.props));

/**
 * Builds the `clientContent` message for `params`:
 *
 * - `turnComplete` is `true` unless given (an explicit `undefined` leaves it out, as in the SDK, and the
 *   server then takes `false`);
 * - `'Hello'` becomes `[{parts: [{text: 'Hello'}], role: 'user'}]`, and an array of strings or Parts one
 *   `user` Content with those parts;
 * - Contents pass as they are, so history can be seeded with `role: 'model'` turns;
 * - `{}` (or no argument) is the short form `{clientContent: {turnComplete: true}}`.
 *
 * Throws `LiveInputError` for mixed Contents and Parts, a bare `functionCall` / `functionResponse`
 * part, an empty `turns` array, values the codecs refuse, unknown fields, and, when `backend` is given,
 * part fields of the other backend.
 *
 * @example
 * ```ts
 * toClientContent({ turns: 'Hello' });
 * // {clientContent: {turns: [{parts: [{text: 'Hello'}], role: 'user'}], turnComplete: true}}
 * ```
 *
 * @category conversions
 * @since 0.1.0
 */
export function toClientContent(params?: LiveClientContentInput, backend?: LiveBackend): ClientContentMessage {
  const fail = failInput(SINK);
  const value: unknown = params ?? {};
  if (!isRecord(value)) {
    return fail('', 'expected an object such as {turns: "Hello", turnComplete: true}');
  }
  const unknown = unknownField(value, KNOWN_FIELDS);
  if (unknown !== undefined) return fail(unknown, 'not a clientContent field: expected turns and turnComplete');
  const { turns, turnComplete } = value as { turns?: unknown; turnComplete?: unknown };
  if (turnComplete !== undefined && typeof turnComplete !== 'boolean') {
    return fail('turnComplete', `expected a boolean, got ${typeof turnComplete}`);
  }
  const payload: { -readonly [K in keyof LiveClientContent]: LiveClientContent[K] } = {};
  if (turns !== undefined && turns !== null) {
    const contents = toContents(turns, 'turns', fail);
    // Only the Gemini API path of the SDK converts turns (and so refuses fields it does not know).
    if (backend?.kind === 'gemini') {
      contents.forEach((content, contentIndex) =>
        content.parts?.forEach((part, partIndex) =>
          rejectBackendOnlyFields(part, PART_ONLY_FIELDS, backend, `turns[${contentIndex}].parts[${partIndex}]`, fail),
        ),
      );
    }
    payload.turns = contents;
  }
  // Like the SDK, the default applies only when the key is absent.
  const complete = 'turnComplete' in value ? turnComplete : true;
  if (complete !== undefined) payload.turnComplete = complete;
  return { clientContent: payload };
}
