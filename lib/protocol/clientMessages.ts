/**
 * Codecs for the messages a client sends on the wire. Each message has exactly one
 * top-level key, because the server reads them as a proto `oneof`: `setup`,
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

const SetupSessionResumptionCodec = t.partial({ handle: t.string, transparent: t.boolean }, 'SetupSessionResumption');
/**
 * `setup.sessionResumption` as sent: a handle is a string or absent, never `null`.
 *
 * @category model
 * @since 0.1.0
 */
export interface SetupSessionResumption extends t.TypeOf<typeof SetupSessionResumptionCodec> {}
/** The runtime codec of {@link SetupSessionResumption}. @category codecs @since 0.1.0 */
export const SetupSessionResumption: t.Type<SetupSessionResumption, SetupSessionResumption, unknown> = SetupSessionResumptionCodec;

/** The runtime codec of {@link LiveClientSetup}: required and optional fields, one `.types` entry each. @category codecs @since 0.1.0 */
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
/**
 * The payload of `setup` (`BidiGenerateContentSetup`).
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveClientSetup extends t.TypeOf<typeof LiveClientSetup> {}

const LiveClientContentCodec = t.partial(
  { turns: t.readonlyArray(Content), turnComplete: t.boolean },
  'LiveClientContent',
);
/**
 * The payload of `clientContent`: turns appended to the history in order; `turnComplete: true` starts
 * generation.
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveClientContent extends t.TypeOf<typeof LiveClientContentCodec> {}
/** The runtime codec of {@link LiveClientContent}. @category codecs @since 0.1.0 */
export const LiveClientContent: t.Type<LiveClientContent, LiveClientContent, unknown> = LiveClientContentCodec;

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
 * @internal
 */
export const realtimeInputProps = {
  audio: Blob,
  video: Blob,
  text: t.string,
  activityStart: ActivityMarker,
  activityEnd: ActivityMarker,
  audioStreamEnd: t.boolean,
};

const LiveClientRealtimeInputCodec = t.partial(
  {
    ...realtimeInputProps,
    /** Deprecated: the server reads only the first chunk. */
    mediaChunks: t.readonlyArray(Blob),
  },
  'LiveClientRealtimeInput',
);
/**
 * The payload of `realtimeInput`. We send one field per message; the codec accepts
 * several, as the server does.
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveClientRealtimeInput extends t.TypeOf<typeof LiveClientRealtimeInputCodec> {}
/** The runtime codec of {@link LiveClientRealtimeInput}. @category codecs @since 0.1.0 */
export const LiveClientRealtimeInput: t.Type<LiveClientRealtimeInput, LiveClientRealtimeInput, unknown> = LiveClientRealtimeInputCodec;

const LiveClientToolResponseCodec = t.partial(
  { functionResponses: t.readonlyArray(FunctionResponse) },
  'LiveClientToolResponse',
);
/**
 * The payload of `toolResponse`.
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveClientToolResponse extends t.TypeOf<typeof LiveClientToolResponseCodec> {}
/** The runtime codec of {@link LiveClientToolResponse}. @category codecs @since 0.1.0 */
export const LiveClientToolResponse: t.Type<LiveClientToolResponse, LiveClientToolResponse, unknown> = LiveClientToolResponseCodec;

const LiveClientContextUpdateToolsCodec = t.partial(
  { tools: t.readonlyArray(Tool) },
  'LiveClientContextUpdateTools',
);
/**
 * `contextUpdate.tools`: note the wrapper object around the list.
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveClientContextUpdateTools extends t.TypeOf<typeof LiveClientContextUpdateToolsCodec> {}
/** The runtime codec of {@link LiveClientContextUpdateTools}. @category codecs @since 0.1.0 */
export const LiveClientContextUpdateTools: t.Type<LiveClientContextUpdateTools, LiveClientContextUpdateTools, unknown> = LiveClientContextUpdateToolsCodec;

const LiveClientContextUpdateCodec = t.partial(
  { systemInstruction: Content, tools: LiveClientContextUpdateTools },
  'LiveClientContextUpdate',
);
/**
 * The payload of `contextUpdate` (SDK 3.x).
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveClientContextUpdate extends t.TypeOf<typeof LiveClientContextUpdateCodec> {}
/** The runtime codec of {@link LiveClientContextUpdate}. @category codecs @since 0.1.0 */
export const LiveClientContextUpdate: t.Type<LiveClientContextUpdate, LiveClientContextUpdate, unknown> = LiveClientContextUpdateCodec;

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

const SetupMessageCodec = oneKeyMessage('setup', LiveClientSetup, 'SetupMessage');
/**
 * `{setup: …}`: the first frame of every connection.
 *
 * @category model
 * @since 0.1.0
 */
export interface SetupMessage extends t.TypeOf<typeof SetupMessageCodec> {}
/** The runtime codec of {@link SetupMessage}. @category codecs @since 0.1.0 */
export const SetupMessage: t.Type<SetupMessage, SetupMessage, unknown> = SetupMessageCodec;

const ClientContentMessageCodec = oneKeyMessage('clientContent', LiveClientContent, 'ClientContentMessage');
/** @category model @since 0.1.0 */
export interface ClientContentMessage extends t.TypeOf<typeof ClientContentMessageCodec> {}
/** The runtime codec of {@link ClientContentMessage}. @category codecs @since 0.1.0 */
export const ClientContentMessage: t.Type<ClientContentMessage, ClientContentMessage, unknown> = ClientContentMessageCodec;

const RealtimeInputMessageCodec = oneKeyMessage('realtimeInput', LiveClientRealtimeInput, 'RealtimeInputMessage');
/** @category model @since 0.1.0 */
export interface RealtimeInputMessage extends t.TypeOf<typeof RealtimeInputMessageCodec> {}
/** The runtime codec of {@link RealtimeInputMessage}. @category codecs @since 0.1.0 */
export const RealtimeInputMessage: t.Type<RealtimeInputMessage, RealtimeInputMessage, unknown> = RealtimeInputMessageCodec;

const ToolResponseMessageCodec = oneKeyMessage('toolResponse', LiveClientToolResponse, 'ToolResponseMessage');
/** @category model @since 0.1.0 */
export interface ToolResponseMessage extends t.TypeOf<typeof ToolResponseMessageCodec> {}
/** The runtime codec of {@link ToolResponseMessage}. @category codecs @since 0.1.0 */
export const ToolResponseMessage: t.Type<ToolResponseMessage, ToolResponseMessage, unknown> = ToolResponseMessageCodec;

const ContextUpdateMessageCodec = oneKeyMessage('contextUpdate', LiveClientContextUpdate, 'ContextUpdateMessage');
/** @category model @since 0.1.0 */
export interface ContextUpdateMessage extends t.TypeOf<typeof ContextUpdateMessageCodec> {}
/** The runtime codec of {@link ContextUpdateMessage}. @category codecs @since 0.1.0 */
export const ContextUpdateMessage: t.Type<ContextUpdateMessage, ContextUpdateMessage, unknown> = ContextUpdateMessageCodec;

const LiveClientMessageCodec = t.union(
  [SetupMessage, ClientContentMessage, RealtimeInputMessage, ToolResponseMessage, ContextUpdateMessage],
  'LiveClientMessage',
);
/**
 * Any message a client may send.
 *
 * @category model
 * @since 0.1.0
 */
export type LiveClientMessage = SetupMessage | ClientContentMessage | RealtimeInputMessage | ToolResponseMessage | ContextUpdateMessage;
/** The runtime codec of {@link LiveClientMessage}. @category codecs @since 0.1.0 */
export const LiveClientMessage: t.Type<LiveClientMessage, LiveClientMessage, unknown> = LiveClientMessageCodec;
