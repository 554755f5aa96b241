/**
 * fast-check arbitraries of valid Live server messages (PROTOCOL.md §4), for codec round trips now and
 * for fuzzing sessions and operators later.
 *
 * Every value is what `JSON.parse` could have produced from a real frame: optional fields are absent
 * rather than `undefined`, numbers are finite and never `-0`, objects have ordinary prototypes. So
 * `JSON.parse(JSON.stringify(value))` deep-equals `value`, and `LiveServerMessage.decode(value)` gives
 * back `value` itself. Most objects also carry a few unknown fields (keys starting with `x-`, which no
 * Google field does), because those must survive decoding too.
 */
import fc from 'fast-check';
import type { Content, FunctionCall, Part } from '../../lib/protocol/content';
import {
  KNOWN_INTERACTION_STATUSES,
  KNOWN_MEDIA_MODALITIES,
  KNOWN_SERVICE_TIERS,
  KNOWN_TRAFFIC_TYPES,
  KNOWN_TURN_COMPLETE_REASONS,
  KNOWN_URL_RETRIEVAL_STATUSES,
  KNOWN_VAD_SIGNAL_TYPES,
  KNOWN_VOICE_ACTIVITY_TYPES,
  type GoAway,
  type GroundingMetadata,
  type LiveServerMessage,
  type ModalityTokenCount,
  type ServerContent,
  type SessionResumptionUpdate,
  type SetupComplete,
  type ToolCall,
  type ToolCallCancellation,
  type Transcription,
  type UrlContextMetadata,
  type UsageMetadata,
  type VoiceActivity,
  type VoiceActivityDetectionSignal,
} from '../../lib/protocol/serverMessages';

// -------------------------------------------------------------------------------------------------
// building blocks
// -------------------------------------------------------------------------------------------------

/** Any code points, astral and lone surrogates included: JSON escapes the latter, so they round-trip. */
export const wireText = fc.string({ unit: 'binary', maxLength: 24 });

/** Base64 as the server writes `inlineData.data`: standard alphabet, padded. */
export const base64 = fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64'));

/** A proto3 JSON Duration: whole seconds with 0, 3, 6 or 9 fractional digits, as Google emits them. */
export const durationText = fc
  .tuple(fc.nat({ max: 3600 }), fc.constantFrom(0, 3, 6, 9), fc.nat({ max: 999_999_999 }))
  .map(([seconds, digits, nanos]) =>
    digits === 0 ? `${seconds}s` : `${seconds}.${String(nanos).padStart(9, '0').slice(0, digits)}s`,
  );

/** An int64 as proto3 JSON writes it: a decimal string. */
export const int64Text = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String);

const count = fc.nat({ max: 1_000_000 });
const score = fc.double({ min: 0, max: 1, noNaN: true }).map((value) => (value === 0 ? 0 : value));

/** An open enumeration: mostly a known value, sometimes one Google might add tomorrow. */
function openEnum(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Z_]{0,20}$/) },
  );
}

/** A JSON value of the kind unknown fields and function arguments hold, normalised as a frame gives it. */
export const jsonValue: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 2 })
  .map((value) => JSON.parse(JSON.stringify(value)) as unknown);

/** A JSON object such as a function call's `args`. */
export const jsonObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.string({ maxLength: 8 }).filter((key) => key !== '__proto__'),
  jsonValue,
  { maxKeys: 4, noNullPrototype: true },
);

/** Fields this release does not know; `x-` keeps them apart from every real field name. */
export const unknownFields: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.string({ maxLength: 6 }).map((key) => `x-${key}`),
  jsonValue,
  { maxKeys: 2, noNullPrototype: true },
);

/** Objects of `model` with any subset of its fields, plus (sometimes) unknown ones. */
function optionalFields<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<Partial<T>> {
  return fc
    .tuple(
      fc.record<T, never>(model, { requiredKeys: [], noNullPrototype: true }),
      fc.option(unknownFields, { nil: undefined, freq: 3 }),
    )
    .map(([known, extra]) => (extra === undefined ? known : { ...extra, ...known }) as Partial<T>);
}

function list<T>(item: fc.Arbitrary<T>, maxLength = 3): fc.Arbitrary<T[]> {
  return fc.array(item, { maxLength });
}

// -------------------------------------------------------------------------------------------------
// content
// -------------------------------------------------------------------------------------------------

/** A part of a model turn: text, audio, code, a thought, or (rarely on Live) a function call. */
export const modelPart: fc.Arbitrary<Part> = fc.oneof(
  optionalFields({ text: wireText, thought: fc.boolean(), thoughtSignature: base64 }),
  optionalFields({
    inlineData: optionalFields({ data: base64, mimeType: fc.constantFrom('audio/pcm;rate=24000', 'audio/pcm') }),
  }),
  optionalFields({ executableCode: optionalFields({ language: fc.constant('PYTHON'), code: wireText }) }),
  optionalFields({ codeExecutionResult: optionalFields({ outcome: fc.constant('OUTCOME_OK'), output: wireText }) }),
);

/** `FunctionCall` as in `toolCall.functionCalls` (PROTOCOL.md §4.4). */
export const functionCall: fc.Arbitrary<FunctionCall> = optionalFields({
  id: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 63n }).map((n) => `function-call-${n}`), fc.uuid()),
  name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/),
  args: jsonObject,
});

/** A model turn: Vertex includes `role: "model"`, the Gemini API omits it (PROTOCOL.md §4.3). */
export const modelTurn: fc.Arbitrary<Content> = optionalFields({
  role: fc.constant('model'),
  parts: list(modelPart),
});

// -------------------------------------------------------------------------------------------------
// message payloads
// -------------------------------------------------------------------------------------------------

/** `{}` (Gemini API) or `{sessionId}` (Vertex), PROTOCOL.md §4.2. */
export const setupComplete: fc.Arbitrary<SetupComplete> = optionalFields({
  sessionId: fc.uuid(),
  voiceConsentSignature: optionalFields({ signature: base64 }),
});

export const transcription: fc.Arbitrary<Transcription> = optionalFields({
  text: wireText,
  finished: fc.boolean(),
  languageCode: fc.constantFrom('en-US', 'de-DE', 'ja-JP'),
  speakerLabel: fc.constantFrom('spk_1', 'spk_2'),
  words: list(optionalFields({ word: wireText, startOffset: durationText, endOffset: durationText })),
  startOffset: durationText,
  endOffset: durationText,
});

export const groundingMetadata: fc.Arbitrary<GroundingMetadata> = optionalFields({
  groundingChunks: list(
    optionalFields({
      web: optionalFields({ domain: wireText, title: wireText, uri: fc.webUrl() }),
      retrievedContext: optionalFields({ text: wireText, title: wireText, uri: fc.webUrl(), pageNumber: count }),
    }),
  ),
  groundingSupports: list(
    optionalFields({
      segment: optionalFields({ startIndex: count, endIndex: count, partIndex: count, text: wireText }),
      groundingChunkIndices: list(count),
      confidenceScores: list(score),
    }),
  ),
  searchEntryPoint: optionalFields({ renderedContent: wireText }),
  webSearchQueries: list(wireText),
  retrievalMetadata: optionalFields({ googleSearchDynamicRetrievalScore: score }),
});

export const urlContextMetadata: fc.Arbitrary<UrlContextMetadata> = optionalFields({
  urlMetadata: list(optionalFields({ retrievedUrl: fc.webUrl(), urlRetrievalStatus: openEnum(KNOWN_URL_RETRIEVAL_STATUSES) })),
});

/** Any mix of `serverContent` fields, the empty object included (PROTOCOL.md §4.3). */
export const serverContent: fc.Arbitrary<ServerContent> = optionalFields({
  modelTurn,
  turnComplete: fc.boolean(),
  interrupted: fc.boolean(),
  generationComplete: fc.boolean(),
  groundingMetadata,
  inputTranscription: transcription,
  interimInputTranscription: transcription,
  outputTranscription: transcription,
  urlContextMetadata,
  turnCompleteReason: openEnum(KNOWN_TURN_COMPLETE_REASONS),
  waitingForInput: fc.boolean(),
  interactionStatus: openEnum(KNOWN_INTERACTION_STATUSES),
});

export const toolCall: fc.Arbitrary<ToolCall> = optionalFields({ functionCalls: list(functionCall) });

export const toolCallCancellation: fc.Arbitrary<ToolCallCancellation> = optionalFields({
  ids: list(fc.string({ minLength: 1, maxLength: 30 })),
});

export const goAway: fc.Arbitrary<GoAway> = optionalFields({ timeLeft: durationText });

/** Resumable updates carry a handle; the others an empty one (PROTOCOL.md §4.6). */
export const sessionResumptionUpdate: fc.Arbitrary<SessionResumptionUpdate> = fc.oneof(
  optionalFields({
    newHandle: fc.string({ minLength: 1, maxLength: 40 }),
    resumable: fc.constant(true),
    lastConsumedClientMessageIndex: int64Text,
  }),
  optionalFields({ newHandle: fc.constant(''), resumable: fc.constant(false) }),
);

const modalityTokenCount: fc.Arbitrary<ModalityTokenCount> = optionalFields({
  modality: openEnum(KNOWN_MEDIA_MODALITIES),
  tokenCount: count,
});

/** Gemini API spelling (`response…`) and Vertex spelling (`candidates…`) alike (PROTOCOL.md §4.7, §4.9). */
export const usageMetadata: fc.Arbitrary<UsageMetadata> = optionalFields({
  promptTokenCount: count,
  cachedContentTokenCount: count,
  responseTokenCount: count,
  candidatesTokenCount: count,
  toolUsePromptTokenCount: count,
  thoughtsTokenCount: count,
  totalTokenCount: count,
  promptTokensDetails: list(modalityTokenCount),
  cacheTokensDetails: list(modalityTokenCount),
  responseTokensDetails: list(modalityTokenCount),
  candidatesTokensDetails: list(modalityTokenCount),
  toolUsePromptTokensDetails: list(modalityTokenCount),
  trafficType: openEnum(KNOWN_TRAFFIC_TYPES),
  serviceTier: openEnum(KNOWN_SERVICE_TIERS),
});

export const voiceActivityDetectionSignal: fc.Arbitrary<VoiceActivityDetectionSignal> =
  optionalFields({ vadSignalType: openEnum(KNOWN_VAD_SIGNAL_TYPES) });

export const voiceActivity: fc.Arbitrary<VoiceActivity> = optionalFields({
  voiceActivityType: openEnum(KNOWN_VOICE_ACTIVITY_TYPES),
  audioOffset: durationText,
});

// -------------------------------------------------------------------------------------------------
// envelopes
// -------------------------------------------------------------------------------------------------

/** The message kinds of the proto's `oneof` (PROTOCOL.md §4.1), each as a one-key envelope. */
const oneKind: fc.Arbitrary<LiveServerMessage> = fc.oneof(
  setupComplete.map((value) => ({ setupComplete: value })),
  { weight: 4, arbitrary: serverContent.map((value) => ({ serverContent: value })) },
  toolCall.map((value) => ({ toolCall: value })),
  toolCallCancellation.map((value) => ({ toolCallCancellation: value })),
  goAway.map((value) => ({ goAway: value })),
  sessionResumptionUpdate.map((value) => ({ sessionResumptionUpdate: value })),
  voiceActivityDetectionSignal.map((value) => ({ voiceActivityDetectionSignal: value })),
  voiceActivity.map((value) => ({ voiceActivity: value })),
  // A message kind newer than this release.
  jsonObject.map((value) => ({ 'x-futureMessage': value }) as LiveServerMessage),
);

/**
 * A frame as the server sends it: one message kind, maybe with `usageMetadata` beside it, or
 * `usageMetadata` alone (PROTOCOL.md §0.3, §4.3).
 */
export const liveServerMessage: fc.Arbitrary<LiveServerMessage> = fc.oneof(
  { weight: 5, arbitrary: oneKind },
  { weight: 2, arbitrary: fc.tuple(oneKind, usageMetadata).map(([message, usage]) => ({ ...message, usageMetadata: usage })) },
  { weight: 1, arbitrary: usageMetadata.map((usage) => ({ usageMetadata: usage })) },
);

/**
 * Any combination of top-level fields, beyond what the `oneof` allows: the codec must not care how
 * many kinds share a frame.
 */
export const anyLiveServerMessage: fc.Arbitrary<LiveServerMessage> = optionalFields({
  setupComplete,
  serverContent,
  toolCall,
  toolCallCancellation,
  goAway,
  sessionResumptionUpdate,
  usageMetadata,
  voiceActivityDetectionSignal,
  voiceActivity,
});
