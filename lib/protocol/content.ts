/**
 * Codecs for the content building blocks shared by client and server messages: `Blob`, `Part`,
 * `Content`, function calls and responses. Field names are the wire's (proto3 JSON, camelCase,
 * PROTOCOL.md §2). Every codec is non-exact: unknown fields pass through untouched, so the library keeps
 * working when the API grows (PROTOCOL.md §4.1).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';

/**
 * A JSON object with arbitrary values (function arguments, function responses).
 *
 * @category codecs
 * @since 0.1.0
 */
export const JsonObject = t.UnknownRecord;
export type JsonObject = t.TypeOf<typeof JsonObject>;

/**
 * Any plain object (not an array, not `null`), passed on as it is. Typed as `object` rather than
 * `Record<string, unknown>` so the SDK's interfaces, which have no index signature, can be given
 * where we only pass the value through.
 *
 * @category codecs
 * @since 0.1.0
 */
export const OpenObject = new t.Type<object, object, unknown>(
  'object',
  (u): u is object => t.UnknownRecord.is(u),
  (u, c) => (t.UnknownRecord.is(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
export type OpenObject = t.TypeOf<typeof OpenObject>;

/**
 * Inline bytes: base64 `data` (standard alphabet, padded) with its IANA `mimeType`, for example
 * `audio/pcm;rate=16000` (PROTOCOL.md §5).
 *
 * @category codecs
 * @since 0.1.0
 */
export const Blob = t.partial(
  {
    data: t.string,
    mimeType: t.string,
    displayName: t.string,
  },
  'Blob',
);
export type Blob = t.TypeOf<typeof Blob>;

/** @category codecs @since 0.1.0 */
export const FileData = t.partial(
  {
    fileUri: t.string,
    mimeType: t.string,
    displayName: t.string,
  },
  'FileData',
);
export type FileData = t.TypeOf<typeof FileData>;

/**
 * A call the model asks the client to run. On the Gemini API `id` must be echoed in the response
 * (PROTOCOL.md §3.4).
 *
 * @category codecs
 * @since 0.1.0
 */
export const FunctionCall = t.partial(
  {
    id: t.string,
    name: t.string,
    args: JsonObject,
    partialArgs: t.array(OpenObject),
    willContinue: t.boolean,
  },
  'FunctionCall',
);
export type FunctionCall = t.TypeOf<typeof FunctionCall>;

/**
 * How the model should take a response to a `NON_BLOCKING` function (PROTOCOL.md §3.4).
 *
 * @category codecs
 * @since 0.1.0
 */
export const FunctionResponseScheduling = t.keyof(
  {
    SCHEDULING_UNSPECIFIED: null,
    SILENT: null,
    WHEN_IDLE: null,
    INTERRUPT: null,
  },
  'FunctionResponseScheduling',
);
export type FunctionResponseScheduling = t.TypeOf<typeof FunctionResponseScheduling>;

/** @category codecs @since 0.1.0 */
export const FunctionResponsePart = t.partial(
  {
    inlineData: Blob,
    fileData: FileData,
  },
  'FunctionResponsePart',
);
export type FunctionResponsePart = t.TypeOf<typeof FunctionResponsePart>;

/**
 * The client's answer to one function call.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FunctionResponse = t.partial(
  {
    id: t.string,
    name: t.string,
    response: JsonObject,
    parts: t.array(FunctionResponsePart),
    scheduling: FunctionResponseScheduling,
    willContinue: t.boolean,
  },
  'FunctionResponse',
);
export type FunctionResponse = t.TypeOf<typeof FunctionResponse>;

/** @category codecs @since 0.1.0 */
export const ExecutableCode = t.partial({ language: t.string, code: t.string }, 'ExecutableCode');
export type ExecutableCode = t.TypeOf<typeof ExecutableCode>;

/** @category codecs @since 0.1.0 */
export const CodeExecutionResult = t.partial({ outcome: t.string, output: t.string }, 'CodeExecutionResult');
export type CodeExecutionResult = t.TypeOf<typeof CodeExecutionResult>;

/**
 * One part of a `Content`: text, inline bytes, a function call or response, code, or a thought.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Part = t.partial(
  {
    text: t.string,
    inlineData: Blob,
    fileData: FileData,
    functionCall: FunctionCall,
    functionResponse: FunctionResponse,
    executableCode: ExecutableCode,
    codeExecutionResult: CodeExecutionResult,
    thought: t.boolean,
    thoughtSignature: t.string,
    videoMetadata: OpenObject,
    partMetadata: OpenObject,
  },
  'Part',
);
export type Part = t.TypeOf<typeof Part>;

/**
 * A turn of the conversation: its `parts` and the `role` (`user` or `model`) that produced it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Content = t.partial(
  {
    role: t.string,
    parts: t.array(Part),
  },
  'Content',
);
export type Content = t.TypeOf<typeof Content>;
