/**
 * `session.contextUpdate` values → `{contextUpdate: …}` frames, as `Session.sendContextUpdate` of
 * `@google/genai` 3.x builds them.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import type { LiveBackend } from '../transport/endpointOptions';
import { systemInstructionToWire } from './buildSetup';
import type { ContextUpdateMessage, LiveClientContextUpdate } from './clientMessages';
import { ContentUnion, Tool } from './liveConnectConfig';
import { toolsToWire } from './toolsToWire';
import { failInput, joinPath, unknownField } from './validateWith';
import { isRecord } from '../util/isRecord';

const SINK = 'contextUpdate';

/** The runtime codec of {@link LiveContextUpdateInput}; its `.props` are the codecs of the fields. @category codecs @since 0.1.0 */
export const LiveContextUpdateInput = t.partial(
  {
    systemInstruction: ContentUnion,
    tools: t.partial({ tools: t.readonlyArray(Tool) }, 'LiveContextUpdateTools'),
  },
  'LiveContextUpdateInput',
);
/**
 * What the SDK's `sendContextUpdate` takes: a new `systemInstruction` (text, Parts or a Content) and/or
 * new tools, given as `{tools: {tools: [...]}}` (the wrapper object is the wire's).
 * Each replaces the previous one. Backend and model support vary (Firebase documents it for Vertex AI).
 *
 * @category conversions
 * @since 0.1.0
 */
export interface LiveContextUpdateInput extends t.TypeOf<typeof LiveContextUpdateInput> {}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(LiveContextUpdateInput.props));

/**
 * Builds the `contextUpdate` message for `params`. The system instruction gets the same conversion as
 * in `setup` (text or Parts become a `user` Content), and tools the same schema normalisation.
 *
 * Throws `LiveInputError` for values the codecs refuse, unknown fields, a `CallableTool`, and, when
 * `backend` is given, tool kinds or part fields of the other backend (the SDK's checks).
 *
 * @example
 * ```ts
 * toContextUpdate({ systemInstruction: 'Answer in French.' });
 * // {contextUpdate: {systemInstruction: {parts: [{text: 'Answer in French.'}], role: 'user'}}}
 * ```
 *
 * @category conversions
 * @since 0.1.0
 */
export function toContextUpdate(params: LiveContextUpdateInput, backend?: LiveBackend): ContextUpdateMessage {
  const fail = failInput(SINK);
  const value: unknown = params;
  if (!isRecord(value)) {
    return fail('', 'expected an object such as {systemInstruction: "…"} or {tools: {tools: [...]}}');
  }
  const unknown = unknownField(value, KNOWN_FIELDS);
  if (unknown !== undefined) return fail(unknown, 'not a contextUpdate field: expected systemInstruction and tools');
  const { systemInstruction, tools } = value as { systemInstruction?: unknown; tools?: unknown };
  const payload: { -readonly [K in keyof LiveClientContextUpdate]: LiveClientContextUpdate[K] } = {};
  if (systemInstruction !== undefined && systemInstruction !== null) {
    payload.systemInstruction = systemInstructionToWire(systemInstruction, backend, 'systemInstruction', fail);
  }
  if (tools !== undefined && tools !== null) {
    if (typeof tools !== 'object' || Array.isArray(tools)) {
      return fail('tools', 'expected {tools: [...]}: the list goes inside a wrapper object');
    }
    const list = (tools as { tools?: unknown }).tools;
    payload.tools = list === undefined || list === null ? {} : { tools: toolsToWire(list, backend, joinPath('tools', 'tools'), fail) };
  }
  return { contextUpdate: payload };
}
