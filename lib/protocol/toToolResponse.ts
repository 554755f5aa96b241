/**
 * `session.toolResponse` values → `{toolResponse: …}` frames, as `Session.sendToolResponse` of
 * `@google/genai` builds them.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import type { LiveBackend } from '../transport/endpointOptions';
import type { ToolResponseMessage } from './clientMessages';
import { FunctionResponse } from './content';
import { failInput, joinPath, unknownField, validateWith } from './validateWith';
import { isRecord } from '../util/isRecord';

const SINK = 'toolResponse';

const LiveToolResponseInputCodec = t.type(
  { functionResponses: t.union([FunctionResponse, t.readonlyArray(FunctionResponse)]) },
  'LiveToolResponseInput',
);
/**
 * What the SDK's `sendToolResponse` takes: one `FunctionResponse` or an array of them, each with the
 * `name` and `id` of the call it answers and a `response` object (e.g. `{output: …}` or `{error: …}`).
 *
 * @category conversions
 * @since 0.1.0
 */
export interface LiveToolResponseInput extends t.TypeOf<typeof LiveToolResponseInputCodec> {}
/** The runtime codec of {@link LiveToolResponseInput}. @category codecs @since 0.1.0 */
export const LiveToolResponseInput: t.Type<LiveToolResponseInput, LiveToolResponseInput, unknown> = LiveToolResponseInputCodec;

const TOOL_RESPONSE_FIELDS: ReadonlySet<string> = new Set(['functionResponses']);

/**
 * Builds the `toolResponse` message for `params`: a single response is wrapped in an array; responses
 * are otherwise sent as given.
 *
 * Throws `LiveInputError` when `functionResponses` is missing or empty, when a response lacks `name` or
 * `response`, when a field has the wrong type, and on the Gemini API when a response lacks the `id` of
 * its call (Vertex AI does not need it). These are the SDK's checks; ours also check the field types.
 *
 * @example
 * ```ts
 * toToolResponse({ functionResponses: { id: 'fc-1', name: 'get_weather', response: { output: 'sunny' } } }, { kind: 'gemini' });
 * // {toolResponse: {functionResponses: [{id: 'fc-1', name: 'get_weather', response: {output: 'sunny'}}]}}
 * ```
 *
 * @category conversions
 * @since 0.1.0
 */
export function toToolResponse(params: LiveToolResponseInput, backend: LiveBackend): ToolResponseMessage {
  const fail = failInput(SINK);
  const value: unknown = params;
  if (!isRecord(value)) {
    return fail('', 'expected an object such as {functionResponses: [{id, name, response}]}');
  }
  const unknown = unknownField(value, TOOL_RESPONSE_FIELDS);
  if (unknown !== undefined) return fail(unknown, 'not a toolResponse field: expected functionResponses');
  const given = (value as { functionResponses?: unknown }).functionResponses;
  if (given === undefined || given === null) return fail('functionResponses', 'required: the answers to a toolCall');
  const list: readonly unknown[] = Array.isArray(given) ? given : [given];
  if (list.length === 0) return fail('functionResponses', 'expected at least one function response, got an empty array');
  const functionResponses = list.map((item, index) => {
    const path = Array.isArray(given) ? joinPath('functionResponses', index) : 'functionResponses';
    if (!isRecord(item)) {
      return fail(path, 'expected a FunctionResponse object {id, name, response}');
    }
    for (const required of ['name', 'response'] as const) {
      if ((item as Record<string, unknown>)[required] === undefined) {
        fail(joinPath(path, required), `required: the ${required === 'name' ? "called function's name" : 'result object'}`);
      }
    }
    if (backend.kind === 'gemini' && (item as Record<string, unknown>).id === undefined) {
      fail(joinPath(path, 'id'), 'required on the Gemini API: copy it from toolCall.functionCalls[].id');
    }
    return validateWith(FunctionResponse, item, path, fail);
  });
  return { toolResponse: { functionResponses } };
}
