/**
 * Codecs for the content building blocks shared by client and server messages: `Blob`, `Part`,
 * `Content`, function calls and responses. Field names are the wire's (proto3 JSON,
 * camelCase). Every codec is non-exact: unknown fields pass through untouched, so the library keeps
 * working when the API grows.
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

const BlobCodec = t.partial(
  {
    data: t.string,
    mimeType: t.string,
    displayName: t.string,
  },
  'Blob',
);
/**
 * Inline bytes: base64 `data` (standard alphabet, padded) with its IANA `mimeType`, for example
 * `audio/pcm;rate=16000`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Blob extends t.TypeOf<typeof BlobCodec> {}
/** The runtime codec of {@link Blob}. @category codecs @since 0.1.0 */
export const Blob: t.Type<Blob, Blob, unknown> = BlobCodec;

const FileDataCodec = t.partial(
  {
    fileUri: t.string,
    mimeType: t.string,
    displayName: t.string,
  },
  'FileData',
);
/** @category model @since 0.1.0 */
export interface FileData extends t.TypeOf<typeof FileDataCodec> {}
/** The runtime codec of {@link FileData}. @category codecs @since 0.1.0 */
export const FileData: t.Type<FileData, FileData, unknown> = FileDataCodec;

const FunctionCallCodec = t.partial(
  {
    id: t.string,
    name: t.string,
    args: JsonObject,
    partialArgs: t.array(OpenObject),
    willContinue: t.boolean,
  },
  'FunctionCall',
);
/**
 * A call the model asks the client to run. On the Gemini API `id` must be echoed in the response.
 *
 * @category model
 * @since 0.1.0
 */
export interface FunctionCall extends t.TypeOf<typeof FunctionCallCodec> {}
/** The runtime codec of {@link FunctionCall}. @category codecs @since 0.1.0 */
export const FunctionCall: t.Type<FunctionCall, FunctionCall, unknown> = FunctionCallCodec;

/**
 * How the model should take a response to a `NON_BLOCKING` function.
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

const FunctionResponsePartCodec = t.partial(
  {
    inlineData: Blob,
    fileData: FileData,
  },
  'FunctionResponsePart',
);
/** @category model @since 0.1.0 */
export interface FunctionResponsePart extends t.TypeOf<typeof FunctionResponsePartCodec> {}
/** The runtime codec of {@link FunctionResponsePart}. @category codecs @since 0.1.0 */
export const FunctionResponsePart: t.Type<FunctionResponsePart, FunctionResponsePart, unknown> = FunctionResponsePartCodec;

const FunctionResponseCodec = t.partial(
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
/**
 * The client's answer to one function call.
 *
 * @category model
 * @since 0.1.0
 */
export interface FunctionResponse extends t.TypeOf<typeof FunctionResponseCodec> {}
/** The runtime codec of {@link FunctionResponse}. @category codecs @since 0.1.0 */
export const FunctionResponse: t.Type<FunctionResponse, FunctionResponse, unknown> = FunctionResponseCodec;

const ExecutableCodeCodec = t.partial({ language: t.string, code: t.string }, 'ExecutableCode');
/** @category model @since 0.1.0 */
export interface ExecutableCode extends t.TypeOf<typeof ExecutableCodeCodec> {}
/** The runtime codec of {@link ExecutableCode}. @category codecs @since 0.1.0 */
export const ExecutableCode: t.Type<ExecutableCode, ExecutableCode, unknown> = ExecutableCodeCodec;

const CodeExecutionResultCodec = t.partial({ outcome: t.string, output: t.string }, 'CodeExecutionResult');
/** @category model @since 0.1.0 */
export interface CodeExecutionResult extends t.TypeOf<typeof CodeExecutionResultCodec> {}
/** The runtime codec of {@link CodeExecutionResult}. @category codecs @since 0.1.0 */
export const CodeExecutionResult: t.Type<CodeExecutionResult, CodeExecutionResult, unknown> = CodeExecutionResultCodec;

const PartCodec = t.partial(
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
/**
 * One part of a `Content`: text, inline bytes, a function call or response, code, or a thought.
 *
 * @category model
 * @since 0.1.0
 */
export interface Part extends t.TypeOf<typeof PartCodec> {}
/** The runtime codec of {@link Part}. @category codecs @since 0.1.0 */
export const Part: t.Type<Part, Part, unknown> = PartCodec;

const ContentCodec = t.partial(
  {
    role: t.string,
    parts: t.array(Part),
  },
  'Content',
);
/**
 * A turn of the conversation: its `parts` and the `role` (`user` or `model`) that produced it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Content extends t.TypeOf<typeof ContentCodec> {}
/** The runtime codec of {@link Content}. @category codecs @since 0.1.0 */
export const Content: t.Type<Content, Content, unknown> = ContentCodec;
