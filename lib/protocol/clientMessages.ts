/**
 * Codecs for the messages a client sends on the wire (PROTOCOL.md §3). Each message has exactly one
 * top-level key, because the server reads them as a proto `oneof` (PROTOCOL.md §0.2): `setup`,
 * `clientContent`, `realtimeInput`, `toolResponse` or `contextUpdate`. Payloads are not exact, so a
 * field added by a newer API version passes; only the envelope is strict.
 *
 * Our conversions (`buildSetup`, `toClientContent`, …) return these types, and the emulator checks
 * incoming frames with these codecs.
 *
 * @since 0.1.0
 */
import * as either from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Blob, Content, FunctionResponse, OpenObject } from './content';
import { GenerationConfig, setupPassThroughProps, Tool } from './liveConnectConfig';

/**
 * `setup.sessionResumption` as sent: a handle is a string or absent, never `null` (PROTOCOL.md §6.6).
 *
 * @category codecs
 * @since 0.1.0
 */
export const SetupSessionResumption = t.partial({ handle: t.string, transparent: t.boolean }, 'SetupSessionResumption');
export type SetupSessionResumption = t.TypeOf<typeof SetupSessionResumption>;

/**
 * The payload of `setup` (`BidiGenerateContentSetup`, PROTOCOL.md §3.1).
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientSetup = t.intersection(
  [
    t.type({ model: t.string }),
    t.partial({
      generationConfig: GenerationConfig,
      systemInstruction: Content,
      tools: t.readonlyArray(Tool),
      sessionResumption: SetupSessionResumption,
      ...setupPassThroughProps,
    }),
  ],
  'LiveClientSetup',
);
export type LiveClientSetup = t.TypeOf<typeof LiveClientSetup>;

/**
 * The payload of `clientContent`: turns appended to the history in order; `turnComplete: true` starts
 * generation (PROTOCOL.md §3.2).
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientContent = t.partial(
  { turns: t.readonlyArray(Content), turnComplete: t.boolean },
  'LiveClientContent',
);
export type LiveClientContent = t.TypeOf<typeof LiveClientContent>;

/**
 * `activityStart` / `activityEnd`: an empty object on the wire.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ActivityMarker = new t.Type<object, object, unknown>('ActivityMarker', OpenObject.is, OpenObject.validate, t.identity);
export type ActivityMarker = t.TypeOf<typeof ActivityMarker>;

/**
 * The realtime fields with the same shape in the SDK's parameters and on the wire; shared by
 * `LiveClientRealtimeInput` and the sink's `LiveRealtimeInput`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const realtimeInputProps = {
  audio: Blob,
  video: Blob,
  text: t.string,
  activityStart: ActivityMarker,
  activityEnd: ActivityMarker,
  audioStreamEnd: t.boolean,
};

/**
 * The payload of `realtimeInput` (PROTOCOL.md §3.3). We send one field per message; the codec accepts
 * several, as the server does.
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientRealtimeInput = t.partial(
  {
    ...realtimeInputProps,
    /** Deprecated: the server reads only the first chunk. */
    mediaChunks: t.readonlyArray(Blob),
  },
  'LiveClientRealtimeInput',
);
export type LiveClientRealtimeInput = t.TypeOf<typeof LiveClientRealtimeInput>;

/**
 * The payload of `toolResponse` (PROTOCOL.md §3.4).
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientToolResponse = t.partial(
  { functionResponses: t.readonlyArray(FunctionResponse) },
  'LiveClientToolResponse',
);
export type LiveClientToolResponse = t.TypeOf<typeof LiveClientToolResponse>;

/**
 * `contextUpdate.tools`: note the wrapper object around the list (PROTOCOL.md §3.5).
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientContextUpdateTools = t.partial(
  { tools: t.readonlyArray(Tool) },
  'LiveClientContextUpdateTools',
);
export type LiveClientContextUpdateTools = t.TypeOf<typeof LiveClientContextUpdateTools>;

/**
 * The payload of `contextUpdate` (SDK 3.x, PROTOCOL.md §3.5).
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientContextUpdate = t.partial(
  { systemInstruction: Content, tools: LiveClientContextUpdateTools },
  'LiveClientContextUpdate',
);
export type LiveClientContextUpdate = t.TypeOf<typeof LiveClientContextUpdate>;

/**
 * A message with exactly one top-level key, `key`, holding `payload`.
 */
function oneKeyMessage<K extends string, P extends t.Mixed>(key: K, payload: P, name: string) {
  const shape = t.type({ [key]: payload } as Record<K, P>);
  type Message = t.TypeOf<typeof shape>;
  const hasOneKey = (u: object): boolean => Object.keys(u).length === 1;
  return new t.Type<Message, t.OutputOf<typeof shape>, unknown>(
    name,
    (u): u is Message => shape.is(u) && hasOneKey(u),
    (u, c) =>
      either.chain((message: Message) =>
        hasOneKey(message)
          ? t.success(message)
          : t.failure<Message>(u, c, `a client message has exactly one top-level key, got ${Object.keys(message).join(', ')}`),
      )(shape.validate(u, c)),
    (message) => shape.encode(message),
  );
}

/**
 * `{setup: …}`: the first frame of every connection.
 *
 * @category codecs
 * @since 0.1.0
 */
export const SetupMessage = oneKeyMessage('setup', LiveClientSetup, 'SetupMessage');
export type SetupMessage = t.TypeOf<typeof SetupMessage>;

/** @category codecs @since 0.1.0 */
export const ClientContentMessage = oneKeyMessage('clientContent', LiveClientContent, 'ClientContentMessage');
export type ClientContentMessage = t.TypeOf<typeof ClientContentMessage>;

/** @category codecs @since 0.1.0 */
export const RealtimeInputMessage = oneKeyMessage('realtimeInput', LiveClientRealtimeInput, 'RealtimeInputMessage');
export type RealtimeInputMessage = t.TypeOf<typeof RealtimeInputMessage>;

/** @category codecs @since 0.1.0 */
export const ToolResponseMessage = oneKeyMessage('toolResponse', LiveClientToolResponse, 'ToolResponseMessage');
export type ToolResponseMessage = t.TypeOf<typeof ToolResponseMessage>;

/** @category codecs @since 0.1.0 */
export const ContextUpdateMessage = oneKeyMessage('contextUpdate', LiveClientContextUpdate, 'ContextUpdateMessage');
export type ContextUpdateMessage = t.TypeOf<typeof ContextUpdateMessage>;

/**
 * Any message a client may send.
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveClientMessage = t.union(
  [SetupMessage, ClientContentMessage, RealtimeInputMessage, ToolResponseMessage, ContextUpdateMessage],
  'LiveClientMessage',
);
export type LiveClientMessage = t.TypeOf<typeof LiveClientMessage>;
