/**
 * `rx-gemini-live/codecs`: the io-ts codecs behind the protocol's types, for code that validates
 * messages on its own (a proxy, a recorder, a test). The session already decodes every frame, so most
 * users need only the types, which the root entry exports under the same names (with the codecs).
 *
 * Each codec is a `t.Type<X, X, unknown>` whose `X` is the named type of the root entry, so a
 * successful decode gives a `LiveServerMessage`, not its expansion.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/lib/Either.js';
 * import { LiveServerMessage } from 'rx-gemini-live/codecs';
 *
 * const result = LiveServerMessage.decode(JSON.parse('{"serverContent":{"turnComplete":true}}'));
 * if (isRight(result)) console.log(result.right.serverContent?.turnComplete);
 * ```
 *
 * @packageDocumentation
 */

// Content: the building blocks shared by both directions
export {
  Blob,
  CodeExecutionResult,
  Content,
  ExecutableCode,
  FileData,
  FunctionCall,
  FunctionResponse,
  FunctionResponsePart,
  FunctionResponseScheduling,
  JsonObject,
  OpenObject,
  Part,
} from './protocol/content';

// What the server sends
export {
  GoAway,
  GroundingChunk,
  GroundingChunkImage,
  GroundingChunkMaps,
  GroundingChunkRetrievedContext,
  GroundingChunkWeb,
  GroundingMetadata,
  GroundingMetadataSourceFlaggingUri,
  GroundingSupport,
  InteractionStatus,
  LiveServerMessage,
  MediaModality,
  ModalityTokenCount,
  RetrievalMetadata,
  SearchEntryPoint,
  Segment,
  ServerContent,
  ServiceTier,
  SessionResumptionUpdate,
  SetupComplete,
  ToolCall,
  ToolCallCancellation,
  TrafficType,
  Transcription,
  TurnCompleteReason,
  UrlContextMetadata,
  UrlMetadata,
  UrlRetrievalStatus,
  UsageMetadata,
  VadSignalType,
  VoiceActivity,
  VoiceActivityDetectionSignal,
  VoiceActivityType,
  VoiceConsentSignature,
  WordInfo,
} from './protocol/serverMessages';

// What a client sends
export {
  ActivityMarker,
  ClientContentMessage,
  ContextUpdateMessage,
  LiveClientContent,
  LiveClientContextUpdate,
  LiveClientContextUpdateTools,
  LiveClientMessage,
  LiveClientRealtimeInput,
  LiveClientSetup,
  LiveClientToolResponse,
  RealtimeInputMessage,
  SetupMessage,
  SetupSessionResumption,
  ToolResponseMessage,
} from './protocol/clientMessages';

// The session's configuration
export {
  ActivityHandling,
  AudioTranscriptionConfig,
  AutomaticActivityDetection,
  AvatarConfig,
  ContentUnion,
  ContextWindowCompressionConfig,
  EndSensitivity,
  FiniteNumber,
  FunctionBehavior,
  FunctionDeclaration,
  GenerationConfig,
  GoogleMaps,
  GoogleSearch,
  HarmBlockMethod,
  HarmBlockThreshold,
  HarmCategory,
  HistoryConfig,
  Int64,
  Integer,
  Labels,
  LiveConnectConfig,
  MediaResolution,
  PartUnion,
  PrebuiltVoiceConfig,
  ProactivityConfig,
  RealtimeInputConfig,
  ReplicatedVoiceConfig,
  ResponseModality,
  SafetySetting,
  SessionResumptionConfig,
  SlidingWindow,
  SpeechConfig,
  StartSensitivity,
  ThinkingConfig,
  ThinkingLevel,
  Tool,
  TranscriptionMode,
  TranslationConfig,
  TurnCoverage,
  VoiceConfig,
} from './protocol/liveConnectConfig';
