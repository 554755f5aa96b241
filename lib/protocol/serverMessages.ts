/**
 * Codecs for what the Live server sends (`BidiGenerateContentServerMessage`). Field
 * names are the wire's (proto3 JSON, camelCase) and match `@google/genai`'s
 * `LiveServerMessage` and friends.
 *
 * Decoding is forward compatible on purpose, because the server grows faster than any client:
 * - every codec is non-exact, so unknown fields and unknown message kinds pass through untouched (and
 *   io-ts hands back the very object it was given when nothing needed transforming);
 * - enumerations are open: any string decodes, the known values are listed for autocompletion and
 *   `switch` statements, and a value Google adds tomorrow does not end the session;
 * - everything is optional, as in the proto (`{"serverContent":{}}` is a real frame).
 *
 * What is checked is the JSON type of every known field, so code reading `turnComplete` can trust it
 * is a boolean.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import { Content, FunctionCall, OpenObject } from './content';
import { Int64 } from './int64';

// -------------------------------------------------------------------------------------------------
// scalars
// -------------------------------------------------------------------------------------------------

/**
 * Any string, typed as one of the known values `V` or some other string: editors still complete the known values,
 * while a value the server adds later decodes instead of failing the frame.
 */
function openEnum<V extends string>(name: string): t.Type<V | UnknownValue, string, unknown> {
  return new t.Type<V | UnknownValue, string, unknown>(
    name,
    (u): u is V | UnknownValue => typeof u === 'string',
    (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c)),
    t.identity,
  );
}

/**
 * A string that is none of the values we know. `string & Record<never, never>` keeps the known
 * literals visible to editors, where a plain `| string` would swallow them.
 */
type UnknownValue = string & Record<never, never>;


// -------------------------------------------------------------------------------------------------
// enumerations (open: the known values are those of the `@google/genai` 3.1.0 enums)
// -------------------------------------------------------------------------------------------------

/**
 * The known values of `serverContent.turnCompleteReason`, i.e. why a turn ended without the model
 * simply finishing: `NEED_MORE_INPUT` (the model waits for the user to go on), `MALFORMED_FUNCTION_CALL`
 * (the model produced a call it could not express), `RESPONSE_REJECTED`, and the safety outcomes
 * (`PROHIBITED_INPUT_CONTENT`, `GENERATED_AUDIO_SAFETY`, …).
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_TURN_COMPLETE_REASONS = [
  'TURN_COMPLETE_REASON_UNSPECIFIED',
  'MALFORMED_FUNCTION_CALL',
  'RESPONSE_REJECTED',
  'NEED_MORE_INPUT',
  'PROHIBITED_INPUT_CONTENT',
  'IMAGE_PROHIBITED_INPUT_CONTENT',
  'INPUT_TEXT_CONTAIN_PROMINENT_PERSON_PROHIBITED',
  'INPUT_IMAGE_CELEBRITY',
  'INPUT_IMAGE_PHOTO_REALISTIC_CHILD_PROHIBITED',
  'INPUT_TEXT_NCII_PROHIBITED',
  'INPUT_OTHER',
  'INPUT_IP_PROHIBITED',
  'BLOCKLIST',
  'UNSAFE_PROMPT_FOR_IMAGE_GENERATION',
  'GENERATED_IMAGE_SAFETY',
  'GENERATED_CONTENT_SAFETY',
  'GENERATED_AUDIO_SAFETY',
  'GENERATED_VIDEO_SAFETY',
  'GENERATED_CONTENT_PROHIBITED',
  'GENERATED_CONTENT_BLOCKLIST',
  'GENERATED_IMAGE_PROHIBITED',
  'GENERATED_IMAGE_CELEBRITY',
  'GENERATED_IMAGE_PROMINENT_PEOPLE_DETECTED_BY_REWRITER',
  'GENERATED_IMAGE_IDENTIFIABLE_PEOPLE',
  'GENERATED_IMAGE_MINORS',
  'OUTPUT_IMAGE_IP_PROHIBITED',
  'GENERATED_OTHER',
  'MAX_REGENERATION_REACHED',
] as const;

/**
 * A turn-complete reason we know of (see {@link KNOWN_TURN_COMPLETE_REASONS}).
 *
 * @category model
 * @since 0.1.0
 */
export type KnownTurnCompleteReason = (typeof KNOWN_TURN_COMPLETE_REASONS)[number];

/**
 * Why the turn ended: a known reason, or a string the server added after this release.
 *
 * @category codecs
 * @since 0.1.0
 */
export const TurnCompleteReason: t.Type<TurnCompleteReason, string, unknown> = openEnum<KnownTurnCompleteReason>('TurnCompleteReason');
export type TurnCompleteReason = KnownTurnCompleteReason | UnknownValue;

/**
 * The known values of `serverContent.interactionStatus`: `IN_PROGRESS` (more output may follow),
 * `IDLE` (all processing, background reasoning included, is done) and the deprecated
 * `REQUIRES_ACTION` (read it as `IDLE`). The server sends it with `turnComplete`.
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_INTERACTION_STATUSES = ['INTERACTION_STATUS_UNSPECIFIED', 'IN_PROGRESS', 'REQUIRES_ACTION', 'IDLE'] as const;

/** @category model @since 0.1.0 */
export type KnownInteractionStatus = (typeof KNOWN_INTERACTION_STATUSES)[number];

/**
 * The session's activity status sent with `turnComplete`: a known value or a newer one.
 *
 * @category codecs
 * @since 0.1.0
 */
export const InteractionStatus: t.Type<InteractionStatus, string, unknown> = openEnum<KnownInteractionStatus>('InteractionStatus');
export type InteractionStatus = KnownInteractionStatus | UnknownValue;

/**
 * The known values of `voiceActivityDetectionSignal.vadSignalType`: start (`SOS`) and end (`EOS`) of
 * the user's speech as the server's VAD saw it.
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_VAD_SIGNAL_TYPES = ['VAD_SIGNAL_TYPE_UNSPECIFIED', 'VAD_SIGNAL_TYPE_SOS', 'VAD_SIGNAL_TYPE_EOS'] as const;

/** @category model @since 0.1.0 */
export type KnownVadSignalType = (typeof KNOWN_VAD_SIGNAL_TYPES)[number];

/** @category codecs @since 0.1.0 */
export const VadSignalType: t.Type<VadSignalType, string, unknown> = openEnum<KnownVadSignalType>('VadSignalType');
export type VadSignalType = KnownVadSignalType | UnknownValue;

/**
 * The known values of `voiceActivity.voiceActivityType`.
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_VOICE_ACTIVITY_TYPES = ['TYPE_UNSPECIFIED', 'ACTIVITY_START', 'ACTIVITY_END'] as const;

/** @category model @since 0.1.0 */
export type KnownVoiceActivityType = (typeof KNOWN_VOICE_ACTIVITY_TYPES)[number];

/** @category codecs @since 0.1.0 */
export const VoiceActivityType: t.Type<VoiceActivityType, string, unknown> = openEnum<KnownVoiceActivityType>('VoiceActivityType');
export type VoiceActivityType = KnownVoiceActivityType | UnknownValue;

/**
 * The known modalities a token count can be about.
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_MEDIA_MODALITIES = ['MODALITY_UNSPECIFIED', 'TEXT', 'IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT'] as const;

/** @category model @since 0.1.0 */
export type KnownMediaModality = (typeof KNOWN_MEDIA_MODALITIES)[number];

/** @category codecs @since 0.1.0 */
export const MediaModality: t.Type<MediaModality, string, unknown> = openEnum<KnownMediaModality>('MediaModality');
export type MediaModality = KnownMediaModality | UnknownValue;

/**
 * The known `usageMetadata.trafficType` values (Vertex only: how the request was billed).
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_TRAFFIC_TYPES = [
  'TRAFFIC_TYPE_UNSPECIFIED',
  'ON_DEMAND',
  'ON_DEMAND_PRIORITY',
  'ON_DEMAND_FLEX',
  'ON_DEMAND_OFFPEAK',
  'PROVISIONED_THROUGHPUT',
] as const;

/** @category model @since 0.1.0 */
export type KnownTrafficType = (typeof KNOWN_TRAFFIC_TYPES)[number];

/** @category codecs @since 0.1.0 */
export const TrafficType: t.Type<TrafficType, string, unknown> = openEnum<KnownTrafficType>('TrafficType');
export type TrafficType = KnownTrafficType | UnknownValue;

/**
 * The known `usageMetadata.serviceTier` values (Gemini API only). Lower case on the wire, unlike the
 * other enumerations.
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_SERVICE_TIERS = ['unspecified', 'flex', 'standard', 'priority'] as const;

/** @category model @since 0.1.0 */
export type KnownServiceTier = (typeof KNOWN_SERVICE_TIERS)[number];

/** @category codecs @since 0.1.0 */
export const ServiceTier: t.Type<ServiceTier, string, unknown> = openEnum<KnownServiceTier>('ServiceTier');
export type ServiceTier = KnownServiceTier | UnknownValue;

/**
 * The known outcomes of fetching one URL with the `urlContext` tool.
 *
 * @category constants
 * @since 0.1.0
 */
export const KNOWN_URL_RETRIEVAL_STATUSES = [
  'URL_RETRIEVAL_STATUS_UNSPECIFIED',
  'URL_RETRIEVAL_STATUS_SUCCESS',
  'URL_RETRIEVAL_STATUS_ERROR',
  'URL_RETRIEVAL_STATUS_PAYWALL',
  'URL_RETRIEVAL_STATUS_UNSAFE',
] as const;

/** @category model @since 0.1.0 */
export type KnownUrlRetrievalStatus = (typeof KNOWN_URL_RETRIEVAL_STATUSES)[number];

/** @category codecs @since 0.1.0 */
export const UrlRetrievalStatus: t.Type<UrlRetrievalStatus, string, unknown> = openEnum<KnownUrlRetrievalStatus>('UrlRetrievalStatus');
export type UrlRetrievalStatus = KnownUrlRetrievalStatus | UnknownValue;

// -------------------------------------------------------------------------------------------------
// setupComplete
// -------------------------------------------------------------------------------------------------

const VoiceConsentSignatureCodec = t.partial({ signature: t.string }, 'VoiceConsentSignature');
/**
 * Proof that the server verified the consent audio of a replicated voice; it can stand in for the
 * consent audio in a later setup.
 *
 * @category model
 * @since 0.1.0
 */
export interface VoiceConsentSignature extends t.TypeOf<typeof VoiceConsentSignatureCodec> {}
/** The runtime codec of {@link VoiceConsentSignature}. @category codecs @since 0.1.0 */
export const VoiceConsentSignature: t.Type<VoiceConsentSignature, VoiceConsentSignature, unknown> = VoiceConsentSignatureCodec;

const SetupCompleteCodec = t.partial(
  {
    sessionId: t.string,
    voiceConsentSignature: VoiceConsentSignature,
  },
  'SetupComplete',
);
/**
 * The answer to `setup`: the session is ready for input. `{}` on the Gemini API, `{sessionId}` on
 * Vertex.
 *
 * @category model
 * @since 0.1.0
 */
export interface SetupComplete extends t.TypeOf<typeof SetupCompleteCodec> {}
/** The runtime codec of {@link SetupComplete}. @category codecs @since 0.1.0 */
export const SetupComplete: t.Type<SetupComplete, SetupComplete, unknown> = SetupCompleteCodec;

// -------------------------------------------------------------------------------------------------
// serverContent
// -------------------------------------------------------------------------------------------------

const WordInfoCodec = t.partial(
  {
    word: t.string,
    startOffset: t.string,
    endOffset: t.string,
  },
  'WordInfo',
);
/**
 * One word of a transcription with its place in the audio. Offsets are Durations (`"1.250s"`); read
 * them with `parseDuration`.
 *
 * @category model
 * @since 0.1.0
 */
export interface WordInfo extends t.TypeOf<typeof WordInfoCodec> {}
/** The runtime codec of {@link WordInfo}. @category codecs @since 0.1.0 */
export const WordInfo: t.Type<WordInfo, WordInfo, unknown> = WordInfoCodec;

const TranscriptionCodec = t.partial(
  {
    text: t.string,
    finished: t.boolean,
    languageCode: t.string,
    speakerLabel: t.string,
    words: t.array(WordInfo),
    startOffset: t.string,
    endOffset: t.string,
  },
  'Transcription',
);
/**
 * A transcript fragment of the user's input or the model's audio. Fragments are incremental: append
 * `text` until `finished`. Vertex may send an empty `{}` first.
 *
 * @category model
 * @since 0.1.0
 */
export interface Transcription extends t.TypeOf<typeof TranscriptionCodec> {}
/** The runtime codec of {@link Transcription}. @category codecs @since 0.1.0 */
export const Transcription: t.Type<Transcription, Transcription, unknown> = TranscriptionCodec;

const GroundingChunkWebCodec = t.partial(
  { domain: t.string, title: t.string, uri: t.string },
  'GroundingChunkWeb',
);
/** @category model @since 0.1.0 */
export interface GroundingChunkWeb extends t.TypeOf<typeof GroundingChunkWebCodec> {}
/** The runtime codec of {@link GroundingChunkWeb}. @category codecs @since 0.1.0 */
export const GroundingChunkWeb: t.Type<GroundingChunkWeb, GroundingChunkWeb, unknown> = GroundingChunkWebCodec;

const GroundingChunkImageCodec = t.partial(
  { domain: t.string, imageUri: t.string, sourceUri: t.string, title: t.string },
  'GroundingChunkImage',
);
/** @category model @since 0.1.0 */
export interface GroundingChunkImage extends t.TypeOf<typeof GroundingChunkImageCodec> {}
/** The runtime codec of {@link GroundingChunkImage}. @category codecs @since 0.1.0 */
export const GroundingChunkImage: t.Type<GroundingChunkImage, GroundingChunkImage, unknown> = GroundingChunkImageCodec;

const GroundingChunkRetrievedContextCodec = t.partial(
  {
    documentName: t.string,
    ragChunk: OpenObject,
    text: t.string,
    title: t.string,
    uri: t.string,
    customMetadata: t.array(OpenObject),
    fileSearchStore: t.string,
    mediaId: t.string,
    pageNumber: t.number,
  },
  'GroundingChunkRetrievedContext',
);
/**
 * A passage from a retrieval tool (Vertex AI Search, RAG, file search). The nested RAG details are
 * passed on as they come.
 *
 * @category model
 * @since 0.1.0
 */
export interface GroundingChunkRetrievedContext extends t.TypeOf<typeof GroundingChunkRetrievedContextCodec> {}
/** The runtime codec of {@link GroundingChunkRetrievedContext}. @category codecs @since 0.1.0 */
export const GroundingChunkRetrievedContext: t.Type<GroundingChunkRetrievedContext, GroundingChunkRetrievedContext, unknown> = GroundingChunkRetrievedContextCodec;

const GroundingChunkMapsCodec = t.partial(
  {
    placeAnswerSources: OpenObject,
    placeId: t.string,
    text: t.string,
    title: t.string,
    uri: t.string,
    route: OpenObject,
  },
  'GroundingChunkMaps',
);
/**
 * A place from Google Maps grounding. Reviews, photos and routes are passed on as they come.
 *
 * @category model
 * @since 0.1.0
 */
export interface GroundingChunkMaps extends t.TypeOf<typeof GroundingChunkMapsCodec> {}
/** The runtime codec of {@link GroundingChunkMaps}. @category codecs @since 0.1.0 */
export const GroundingChunkMaps: t.Type<GroundingChunkMaps, GroundingChunkMaps, unknown> = GroundingChunkMapsCodec;

const GroundingChunkCodec = t.partial(
  {
    web: GroundingChunkWeb,
    image: GroundingChunkImage,
    retrievedContext: GroundingChunkRetrievedContext,
    maps: GroundingChunkMaps,
  },
  'GroundingChunk',
);
/**
 * One source the grounded answer drew on: a web page, an image, a retrieved passage or a place.
 *
 * @category model
 * @since 0.1.0
 */
export interface GroundingChunk extends t.TypeOf<typeof GroundingChunkCodec> {}
/** The runtime codec of {@link GroundingChunk}. @category codecs @since 0.1.0 */
export const GroundingChunk: t.Type<GroundingChunk, GroundingChunk, unknown> = GroundingChunkCodec;

const SegmentCodec = t.partial(
  { startIndex: t.number, endIndex: t.number, partIndex: t.number, text: t.string },
  'Segment',
);
/**
 * A span of the model's output: `startIndex` inclusive, `endIndex` exclusive, within part `partIndex`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Segment extends t.TypeOf<typeof SegmentCodec> {}
/** The runtime codec of {@link Segment}. @category codecs @since 0.1.0 */
export const Segment: t.Type<Segment, Segment, unknown> = SegmentCodec;

const GroundingSupportCodec = t.partial(
  {
    segment: Segment,
    groundingChunkIndices: t.array(t.number),
    confidenceScores: t.array(t.number),
    renderedParts: t.array(t.number),
  },
  'GroundingSupport',
);
/**
 * Which chunks back a segment of the answer, with one confidence score per chunk index.
 *
 * @category model
 * @since 0.1.0
 */
export interface GroundingSupport extends t.TypeOf<typeof GroundingSupportCodec> {}
/** The runtime codec of {@link GroundingSupport}. @category codecs @since 0.1.0 */
export const GroundingSupport: t.Type<GroundingSupport, GroundingSupport, unknown> = GroundingSupportCodec;

const RetrievalMetadataCodec = t.partial({ googleSearchDynamicRetrievalScore: t.number }, 'RetrievalMetadata');
/** @category model @since 0.1.0 */
export interface RetrievalMetadata extends t.TypeOf<typeof RetrievalMetadataCodec> {}
/** The runtime codec of {@link RetrievalMetadata}. @category codecs @since 0.1.0 */
export const RetrievalMetadata: t.Type<RetrievalMetadata, RetrievalMetadata, unknown> = RetrievalMetadataCodec;

const SearchEntryPointCodec = t.partial({ renderedContent: t.string, sdkBlob: t.string }, 'SearchEntryPoint');
/**
 * The Google Search suggestion chip the terms of use ask applications to show next to grounded
 * answers (`renderedContent` is HTML).
 *
 * @category model
 * @since 0.1.0
 */
export interface SearchEntryPoint extends t.TypeOf<typeof SearchEntryPointCodec> {}
/** The runtime codec of {@link SearchEntryPoint}. @category codecs @since 0.1.0 */
export const SearchEntryPoint: t.Type<SearchEntryPoint, SearchEntryPoint, unknown> = SearchEntryPointCodec;

const GroundingMetadataSourceFlaggingUriCodec = t.partial(
  { flagContentUri: t.string, sourceId: t.string },
  'GroundingMetadataSourceFlaggingUri',
);
/** @category model @since 0.1.0 */
export interface GroundingMetadataSourceFlaggingUri extends t.TypeOf<typeof GroundingMetadataSourceFlaggingUriCodec> {}
/** The runtime codec of {@link GroundingMetadataSourceFlaggingUri}. @category codecs @since 0.1.0 */
export const GroundingMetadataSourceFlaggingUri: t.Type<GroundingMetadataSourceFlaggingUri, GroundingMetadataSourceFlaggingUri, unknown> = GroundingMetadataSourceFlaggingUriCodec;

const GroundingMetadataCodec = t.partial(
  {
    groundingChunks: t.array(GroundingChunk),
    groundingSupports: t.array(GroundingSupport),
    retrievalMetadata: RetrievalMetadata,
    searchEntryPoint: SearchEntryPoint,
    webSearchQueries: t.array(t.string),
    googleMapsWidgetContextToken: t.string,
    imageSearchQueries: t.array(t.string),
    retrievalQueries: t.array(t.string),
    sourceFlaggingUris: t.array(GroundingMetadataSourceFlaggingUri),
  },
  'GroundingMetadata',
);
/**
 * Sources and queries behind a grounded answer, sent when a search or retrieval tool is enabled.
 *
 * @category model
 * @since 0.1.0
 */
export interface GroundingMetadata extends t.TypeOf<typeof GroundingMetadataCodec> {}
/** The runtime codec of {@link GroundingMetadata}. @category codecs @since 0.1.0 */
export const GroundingMetadata: t.Type<GroundingMetadata, GroundingMetadata, unknown> = GroundingMetadataCodec;

const UrlMetadataCodec = t.partial(
  { retrievedUrl: t.string, urlRetrievalStatus: UrlRetrievalStatus },
  'UrlMetadata',
);
/** @category model @since 0.1.0 */
export interface UrlMetadata extends t.TypeOf<typeof UrlMetadataCodec> {}
/** The runtime codec of {@link UrlMetadata}. @category codecs @since 0.1.0 */
export const UrlMetadata: t.Type<UrlMetadata, UrlMetadata, unknown> = UrlMetadataCodec;

const UrlContextMetadataCodec = t.partial({ urlMetadata: t.array(UrlMetadata) }, 'UrlContextMetadata');
/**
 * One entry per URL the `urlContext` tool fetched.
 *
 * @category model
 * @since 0.1.0
 */
export interface UrlContextMetadata extends t.TypeOf<typeof UrlContextMetadataCodec> {}
/** The runtime codec of {@link UrlContextMetadata}. @category codecs @since 0.1.0 */
export const UrlContextMetadata: t.Type<UrlContextMetadata, UrlContextMetadata, unknown> = UrlContextMetadataCodec;

const ServerContentCodec = t.partial(
  {
    modelTurn: Content,
    turnComplete: t.boolean,
    interrupted: t.boolean,
    generationComplete: t.boolean,
    groundingMetadata: GroundingMetadata,
    inputTranscription: Transcription,
    interimInputTranscription: Transcription,
    outputTranscription: Transcription,
    urlContextMetadata: UrlContextMetadata,
    turnCompleteReason: TurnCompleteReason,
    waitingForInput: t.boolean,
    interactionStatus: InteractionStatus,
  },
  'ServerContent',
);
/**
 * What the model produced, and where the turn stands. Several fields can arrive together (audio plus
 * a transcript, the last parts plus `turnComplete`), and the object can be empty.
 *
 * - `modelTurn`: new parts of the model's answer (text, audio `inlineData`, code, thoughts).
 * - `interrupted`: the user barged in; stop and flush playback. `turnComplete` follows.
 * - `generationComplete`: the model has produced everything; `turnComplete` may come later, once
 *   playback is assumed done.
 * - `turnComplete`: the turn is over; the model waits for new input. `turnCompleteReason` says why
 *   when it is not a plain finish, `interactionStatus` whether background work goes on.
 * - `inputTranscription` / `interimInputTranscription` / `outputTranscription`: transcript fragments,
 *   not ordered with respect to `modelTurn`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ServerContent extends t.TypeOf<typeof ServerContentCodec> {}
/** The runtime codec of {@link ServerContent}. @category codecs @since 0.1.0 */
export const ServerContent: t.Type<ServerContent, ServerContent, unknown> = ServerContentCodec;

// -------------------------------------------------------------------------------------------------
// tool calls
// -------------------------------------------------------------------------------------------------

const ToolCallCodec = t.partial({ functionCalls: t.array(FunctionCall) }, 'ToolCall');
/**
 * The model asks the client to run these functions and answer each with a `toolResponse` carrying
 * the same `id`. Live has no automatic function calling.
 *
 * @category model
 * @since 0.1.0
 */
export interface ToolCall extends t.TypeOf<typeof ToolCallCodec> {}
/** The runtime codec of {@link ToolCall}. @category codecs @since 0.1.0 */
export const ToolCall: t.Type<ToolCall, ToolCall, unknown> = ToolCallCodec;

const ToolCallCancellationCodec = t.partial({ ids: t.array(t.string) }, 'ToolCallCancellation');
/**
 * The calls with these `ids` should not have run (the user interrupted): abort them and undo their
 * side effects if possible.
 *
 * @category model
 * @since 0.1.0
 */
export interface ToolCallCancellation extends t.TypeOf<typeof ToolCallCancellationCodec> {}
/** The runtime codec of {@link ToolCallCancellation}. @category codecs @since 0.1.0 */
export const ToolCallCancellation: t.Type<ToolCallCancellation, ToolCallCancellation, unknown> = ToolCallCancellationCodec;

// -------------------------------------------------------------------------------------------------
// connection lifecycle
// -------------------------------------------------------------------------------------------------

const GoAwayCodec = t.partial({ timeLeft: t.string }, 'GoAway');
/**
 * The server will end the connection after `timeLeft`, a Duration such as `"50s"` (read it with
 * `parseDuration`). Resume on a new connection before then. The string is
 * not checked here: an unexpected format must not cost the session the notice itself.
 *
 * @category model
 * @since 0.1.0
 */
export interface GoAway extends t.TypeOf<typeof GoAwayCodec> {}
/** The runtime codec of {@link GoAway}. @category codecs @since 0.1.0 */
export const GoAway: t.Type<GoAway, GoAway, unknown> = GoAwayCodec;

const SessionResumptionUpdateCodec = t.partial(
  {
    newHandle: t.string,
    resumable: t.boolean,
    lastConsumedClientMessageIndex: Int64,
  },
  'SessionResumptionUpdate',
);
/**
 * A new resumption handle, sent when `setup.sessionResumption` was set. Keep the latest `newHandle`
 * from updates with `resumable: true`; it is empty otherwise. `lastConsumedClientMessageIndex` (an
 * int64 as a decimal string) comes only with `transparent: true`.
 *
 * @category model
 * @since 0.1.0
 */
export interface SessionResumptionUpdate extends t.TypeOf<typeof SessionResumptionUpdateCodec> {}
/** The runtime codec of {@link SessionResumptionUpdate}. @category codecs @since 0.1.0 */
export const SessionResumptionUpdate: t.Type<SessionResumptionUpdate, SessionResumptionUpdate, unknown> = SessionResumptionUpdateCodec;

// -------------------------------------------------------------------------------------------------
// usage and voice activity
// -------------------------------------------------------------------------------------------------

const ModalityTokenCountCodec = t.partial({ modality: MediaModality, tokenCount: t.number }, 'ModalityTokenCount');
/**
 * Tokens counted for one modality.
 *
 * @category model
 * @since 0.1.0
 */
export interface ModalityTokenCount extends t.TypeOf<typeof ModalityTokenCountCodec> {}
/** The runtime codec of {@link ModalityTokenCount}. @category codecs @since 0.1.0 */
export const ModalityTokenCount: t.Type<ModalityTokenCount, ModalityTokenCount, unknown> = ModalityTokenCountCodec;

const UsageMetadataCodec = t.partial(
  {
    promptTokenCount: t.number,
    cachedContentTokenCount: t.number,
    responseTokenCount: t.number,
    candidatesTokenCount: t.number,
    toolUsePromptTokenCount: t.number,
    thoughtsTokenCount: t.number,
    totalTokenCount: t.number,
    promptTokensDetails: t.array(ModalityTokenCount),
    cacheTokensDetails: t.array(ModalityTokenCount),
    responseTokensDetails: t.array(ModalityTokenCount),
    candidatesTokensDetails: t.array(ModalityTokenCount),
    toolUsePromptTokensDetails: t.array(ModalityTokenCount),
    trafficType: TrafficType,
    serviceTier: ServiceTier,
  },
  'UsageMetadata',
);
/**
 * Token accounting, sent beside other messages (typically with `turnComplete`) or alone.
 * Vertex writes the response counts as `candidatesTokenCount` and
 * `candidatesTokensDetails`; `@google/genai` renames them to the `response…` names, we keep the wire's.
 *
 * @category model
 * @since 0.1.0
 */
export interface UsageMetadata extends t.TypeOf<typeof UsageMetadataCodec> {}
/** The runtime codec of {@link UsageMetadata}. @category codecs @since 0.1.0 */
export const UsageMetadata: t.Type<UsageMetadata, UsageMetadata, unknown> = UsageMetadataCodec;

const VoiceActivityDetectionSignalCodec = t.partial({ vadSignalType: VadSignalType }, 'VoiceActivityDetectionSignal');
/**
 * The server's voice activity detector saw the user start or stop speaking (allowlisted projects).
 *
 * @category model
 * @since 0.1.0
 */
export interface VoiceActivityDetectionSignal extends t.TypeOf<typeof VoiceActivityDetectionSignalCodec> {}
/** The runtime codec of {@link VoiceActivityDetectionSignal}. @category codecs @since 0.1.0 */
export const VoiceActivityDetectionSignal: t.Type<VoiceActivityDetectionSignal, VoiceActivityDetectionSignal, unknown> = VoiceActivityDetectionSignalCodec;

const VoiceActivityCodec = t.partial(
  {
    voiceActivityType: VoiceActivityType,
    type: VoiceActivityType,
    audioOffset: t.string,
  },
  'VoiceActivity',
);
/**
 * Voice activity with its position in the input audio (`audioOffset`, a Duration). Vertex writes the
 * kind as `type`, which `@google/genai` renames to `voiceActivityType`; both are read.
 *
 * @category model
 * @since 0.1.0
 */
export interface VoiceActivity extends t.TypeOf<typeof VoiceActivityCodec> {}
/** The runtime codec of {@link VoiceActivity}. @category codecs @since 0.1.0 */
export const VoiceActivity: t.Type<VoiceActivity, VoiceActivity, unknown> = VoiceActivityCodec;

// -------------------------------------------------------------------------------------------------
// envelope
// -------------------------------------------------------------------------------------------------

const LiveServerMessageCodec = t.partial(
  {
    setupComplete: SetupComplete,
    serverContent: ServerContent,
    toolCall: ToolCall,
    toolCallCancellation: ToolCallCancellation,
    goAway: GoAway,
    sessionResumptionUpdate: SessionResumptionUpdate,
    usageMetadata: UsageMetadata,
    voiceActivityDetectionSignal: VoiceActivityDetectionSignal,
    voiceActivity: VoiceActivity,
  },
  'LiveServerMessage',
);
/**
 * One frame from the Live server. Not a tagged union: the proto has a `oneof` of message kinds plus
 * `usageMetadata` beside it, so real frames look like
 * `{"serverContent":{"turnComplete":true},"usageMetadata":{…}}`. Test each
 * field you care about. Kinds this release does not know are kept on the object as they arrived.
 *
 * @example
 * ```ts
 * session.subscribe((message) => {
 *   if (message.serverContent?.interrupted) player.flush();
 *   if (message.usageMetadata) meter.add(message.usageMetadata.totalTokenCount ?? 0);
 * });
 * ```
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveServerMessage extends t.TypeOf<typeof LiveServerMessageCodec> {
  /**
   * Set by the session, never by the server: see {@link LiveConnectionReplaced}. A frame from the
   * wire that carries this key has it removed before anyone sees the frame.
   */
  readonly connectionReplaced?: LiveConnectionReplaced;
}
/**
 * The runtime codec of {@link LiveServerMessage}. It reads the server's fields only: the session adds
 * `connectionReplaced` after decoding.
 *
 * @category codecs
 * @since 0.1.0
 */
export const LiveServerMessage: t.Type<LiveServerMessage, LiveServerMessage, unknown> = LiveServerMessageCodec;

/**
 * Why a session with `reconnect` gave up its connection: the server asked (`goAway`), the socket
 * closed with a retryable code (`closed`), or it stayed silent past `responseTimeoutMs`
 * (`unresponsive`).
 *
 * @category session
 * @since 0.2.0
 */
export type LiveConnectionReplacedReason = 'goAway' | 'closed' | 'unresponsive';

/**
 * The marker a session with `reconnect` emits, in the message stream, when its connection is
 * replaced: `{ connectionReplaced: { reason } }`. It comes after the last message of the old
 * connection and before any message of the next one. A turn in progress at that point is abandoned:
 * the resumed conversation answers again from the start, so operators that collect a turn
 * (`modelTurns`, `transcripts`, audio playback) drop what they held. It is never sent to the server.
 *
 * @example
 * ```ts
 * session.subscribe((message) => {
 *   if (isConnectionReplaced(message)) captions.clearPartial();
 * });
 * ```
 *
 * @category session
 * @since 0.2.0
 */
export interface LiveConnectionReplaced {
  readonly reason: LiveConnectionReplacedReason;
}

/**
 * Whether `message` is the session's connection-replaced marker rather than a server frame.
 *
 * @category session
 * @since 0.2.0
 */
export function isConnectionReplaced(
  message: LiveServerMessage,
): message is LiveServerMessage & { readonly connectionReplaced: LiveConnectionReplaced } {
  return message.connectionReplaced !== undefined;
}
