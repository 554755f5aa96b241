/**
 * Codecs for `LiveConnectConfig`, the session configuration, with the field names of `@google/genai`'s
 * type of the same name, so a config written for the SDK works here unchanged. The
 * sub-codecs (speech, tools, realtime input, …) are shared with the wire `setup` codec in
 * `clientMessages.ts`.
 *
 * Enumerations that the client chooses are strict `t.keyof` unions, so a typo (`'AUIDO'`) fails here
 * with a path instead of closing the socket with 1007 later. Objects are not exact: fields this version
 * does not know pass through to the wire, because the API grows faster than any client.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import { Content, OpenObject, Part } from './content';
import { Int64 } from './int64';

export { Int64 } from './int64';

// -------------------------------------------------------------------------------------------------
// scalars
// -------------------------------------------------------------------------------------------------

/**
 * A finite number. `NaN` and `Infinity` would be serialised as `null` by `JSON.stringify`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FiniteNumber = new t.Type<number, number, unknown>(
  'finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
export type FiniteNumber = t.TypeOf<typeof FiniteNumber>;

/**
 * An integer, for `int32` proto fields: the server refuses `1.5` there. Typed as plain `number`
 * (unlike `t.Int`, which is branded) so literals in user code need no cast.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Integer = new t.Type<number, number, unknown>(
  'integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
export type Integer = t.TypeOf<typeof Integer>;



// -------------------------------------------------------------------------------------------------
// enumerations (the values of the SDK enums of the same meaning)
// -------------------------------------------------------------------------------------------------

/**
 * What the model answers with. The Live API takes one per session; the values are
 * the SDK's `Modality`.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ResponseModality = t.keyof(
  { MODALITY_UNSPECIFIED: null, TEXT: null, IMAGE: null, AUDIO: null, VIDEO: null },
  'ResponseModality',
);
export type ResponseModality = t.TypeOf<typeof ResponseModality>;

/**
 * Tokens spent per image or video frame.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MediaResolution = t.keyof(
  {
    MEDIA_RESOLUTION_UNSPECIFIED: null,
    MEDIA_RESOLUTION_LOW: null,
    MEDIA_RESOLUTION_MEDIUM: null,
    MEDIA_RESOLUTION_HIGH: null,
  },
  'MediaResolution',
);
export type MediaResolution = t.TypeOf<typeof MediaResolution>;

/**
 * Thinking depth for Gemini 3.x. The SDK enum is upper case; Google's docs write the
 * lower-case form, which the server accepts too, so both spellings are allowed.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ThinkingLevel = t.keyof(
  {
    THINKING_LEVEL_UNSPECIFIED: null,
    MINIMAL: null,
    LOW: null,
    MEDIUM: null,
    HIGH: null,
    minimal: null,
    low: null,
    medium: null,
    high: null,
  },
  'ThinkingLevel',
);
export type ThinkingLevel = t.TypeOf<typeof ThinkingLevel>;

/** @category codecs @since 0.1.0 */
export const StartSensitivity = t.keyof(
  { START_SENSITIVITY_UNSPECIFIED: null, START_SENSITIVITY_HIGH: null, START_SENSITIVITY_LOW: null },
  'StartSensitivity',
);
export type StartSensitivity = t.TypeOf<typeof StartSensitivity>;

/** @category codecs @since 0.1.0 */
export const EndSensitivity = t.keyof(
  { END_SENSITIVITY_UNSPECIFIED: null, END_SENSITIVITY_HIGH: null, END_SENSITIVITY_LOW: null },
  'EndSensitivity',
);
export type EndSensitivity = t.TypeOf<typeof EndSensitivity>;

/**
 * Whether user activity interrupts the model (barge-in, the default) or not.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ActivityHandling = t.keyof(
  { ACTIVITY_HANDLING_UNSPECIFIED: null, START_OF_ACTIVITY_INTERRUPTS: null, NO_INTERRUPTION: null },
  'ActivityHandling',
);
export type ActivityHandling = t.TypeOf<typeof ActivityHandling>;

/**
 * Which input counts as part of the user's turn.
 *
 * @category codecs
 * @since 0.1.0
 */
export const TurnCoverage = t.keyof(
  {
    TURN_COVERAGE_UNSPECIFIED: null,
    TURN_INCLUDES_ONLY_ACTIVITY: null,
    TURN_INCLUDES_ALL_INPUT: null,
    TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO: null,
  },
  'TurnCoverage',
);
export type TurnCoverage = t.TypeOf<typeof TurnCoverage>;

/** @category codecs @since 0.1.0 */
export const TranscriptionMode = t.keyof({ MODE_UNSPECIFIED: null, VERBATIM: null, SMART: null }, 'TranscriptionMode');
export type TranscriptionMode = t.TypeOf<typeof TranscriptionMode>;

/**
 * `NON_BLOCKING` functions let the conversation go on while they run.
 *
 * @category codecs
 * @since 0.1.0
 */
export const FunctionBehavior = t.keyof({ UNSPECIFIED: null, BLOCKING: null, NON_BLOCKING: null }, 'FunctionBehavior');
export type FunctionBehavior = t.TypeOf<typeof FunctionBehavior>;

/** @category codecs @since 0.1.0 */
export const HarmCategory = t.keyof(
  {
    HARM_CATEGORY_UNSPECIFIED: null,
    HARM_CATEGORY_HARASSMENT: null,
    HARM_CATEGORY_HATE_SPEECH: null,
    HARM_CATEGORY_SEXUALLY_EXPLICIT: null,
    HARM_CATEGORY_DANGEROUS_CONTENT: null,
    HARM_CATEGORY_CIVIC_INTEGRITY: null,
    HARM_CATEGORY_JAILBREAK: null,
    HARM_CATEGORY_IMAGE_HATE: null,
    HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT: null,
    HARM_CATEGORY_IMAGE_HARASSMENT: null,
    HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT: null,
  },
  'HarmCategory',
);
export type HarmCategory = t.TypeOf<typeof HarmCategory>;

/** @category codecs @since 0.1.0 */
export const HarmBlockThreshold = t.keyof(
  {
    HARM_BLOCK_THRESHOLD_UNSPECIFIED: null,
    BLOCK_LOW_AND_ABOVE: null,
    BLOCK_MEDIUM_AND_ABOVE: null,
    BLOCK_ONLY_HIGH: null,
    BLOCK_NONE: null,
    OFF: null,
  },
  'HarmBlockThreshold',
);
export type HarmBlockThreshold = t.TypeOf<typeof HarmBlockThreshold>;

/** @category codecs @since 0.1.0 */
export const HarmBlockMethod = t.keyof(
  { HARM_BLOCK_METHOD_UNSPECIFIED: null, SEVERITY: null, PROBABILITY: null },
  'HarmBlockMethod',
);
export type HarmBlockMethod = t.TypeOf<typeof HarmBlockMethod>;

// -------------------------------------------------------------------------------------------------
// generation
// -------------------------------------------------------------------------------------------------

const PrebuiltVoiceConfigCodec = t.partial({ voiceName: t.string }, 'PrebuiltVoiceConfig');
/** @category model @since 0.1.0 */
export interface PrebuiltVoiceConfig extends t.TypeOf<typeof PrebuiltVoiceConfigCodec> {}
/** The runtime codec of {@link PrebuiltVoiceConfig}. @category codecs @since 0.1.0 */
export const PrebuiltVoiceConfig: t.Type<PrebuiltVoiceConfig, PrebuiltVoiceConfig, unknown> = PrebuiltVoiceConfigCodec;

const ReplicatedVoiceConfigCodec = t.partial(
  { mimeType: t.string, voiceSampleAudio: t.string, consentAudio: t.string, voiceConsentSignature: t.unknown },
  'ReplicatedVoiceConfig',
);
/** @category model @since 0.1.0 */
export interface ReplicatedVoiceConfig extends t.TypeOf<typeof ReplicatedVoiceConfigCodec> {}
/** The runtime codec of {@link ReplicatedVoiceConfig}. @category codecs @since 0.1.0 */
export const ReplicatedVoiceConfig: t.Type<ReplicatedVoiceConfig, ReplicatedVoiceConfig, unknown> = ReplicatedVoiceConfigCodec;

const VoiceConfigCodec = t.partial(
  { prebuiltVoiceConfig: PrebuiltVoiceConfig, replicatedVoiceConfig: ReplicatedVoiceConfig, voice: t.string },
  'VoiceConfig',
);
/** @category model @since 0.1.0 */
export interface VoiceConfig extends t.TypeOf<typeof VoiceConfigCodec> {}
/** The runtime codec of {@link VoiceConfig}. @category codecs @since 0.1.0 */
export const VoiceConfig: t.Type<VoiceConfig, VoiceConfig, unknown> = VoiceConfigCodec;

const SpeechConfigCodec = t.partial(
  { voiceConfig: VoiceConfig, languageCode: t.string, multiSpeakerVoiceConfig: t.unknown },
  'SpeechConfig',
);
/**
 * The voice and language of spoken answers, e.g.
 * `{voiceConfig: {prebuiltVoiceConfig: {voiceName: 'Kore'}}, languageCode: 'en-US'}`. Only the object
 * form: the SDK's string shorthand fails in Live, and `multiSpeakerVoiceConfig` is
 * refused when the setup is built.
 *
 * @category model
 * @since 0.1.0
 */
export interface SpeechConfig extends t.TypeOf<typeof SpeechConfigCodec> {}
/** The runtime codec of {@link SpeechConfig}. @category codecs @since 0.1.0 */
export const SpeechConfig: t.Type<SpeechConfig, SpeechConfig, unknown> = SpeechConfigCodec;

const ThinkingConfigCodec = t.partial(
  { includeThoughts: t.boolean, thinkingBudget: Integer, thinkingLevel: ThinkingLevel },
  'ThinkingConfig',
);
/**
 * Gemini 2.5 uses `thinkingBudget` (0 disables thinking); Gemini 3.x uses `thinkingLevel`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ThinkingConfig extends t.TypeOf<typeof ThinkingConfigCodec> {}
/** The runtime codec of {@link ThinkingConfig}. @category codecs @since 0.1.0 */
export const ThinkingConfig: t.Type<ThinkingConfig, ThinkingConfig, unknown> = ThinkingConfigCodec;

const TranslationConfigCodec = t.partial(
  { echoTargetLanguage: t.boolean, targetLanguageCode: t.string },
  'TranslationConfig',
);
/** @category model @since 0.1.0 */
export interface TranslationConfig extends t.TypeOf<typeof TranslationConfigCodec> {}
/** The runtime codec of {@link TranslationConfig}. @category codecs @since 0.1.0 */
export const TranslationConfig: t.Type<TranslationConfig, TranslationConfig, unknown> = TranslationConfigCodec;

const GenerationConfigCodec = t.partial(
  {
    responseModalities: t.readonlyArray(ResponseModality),
    temperature: FiniteNumber,
    topP: FiniteNumber,
    topK: Integer,
    maxOutputTokens: Integer,
    seed: Integer,
    mediaResolution: MediaResolution,
    speechConfig: SpeechConfig,
    thinkingConfig: ThinkingConfig,
    enableAffectiveDialog: t.boolean,
    translationConfig: TranslationConfig,
    candidateCount: Integer,
    presencePenalty: FiniteNumber,
    frequencyPenalty: FiniteNumber,
    stopSequences: t.readonlyArray(t.string),
    /** Vertex AI renames it to `modelConfig` on the wire. */
    modelSelectionConfig: OpenObject,
    /** Gemini API only. */
    enableEnhancedCivicAnswers: t.boolean,
  },
  'GenerationConfig',
);
/**
 * `setup.generationConfig`. In `LiveConnectConfig` it is the deprecated way to set these fields (the
 * flat fields are preferred); on the wire it is where they all end up.
 *
 * @category model
 * @since 0.1.0
 */
export interface GenerationConfig extends t.TypeOf<typeof GenerationConfigCodec> {}
/** The runtime codec of {@link GenerationConfig}. @category codecs @since 0.1.0 */
export const GenerationConfig: t.Type<GenerationConfig, GenerationConfig, unknown> = GenerationConfigCodec;

// -------------------------------------------------------------------------------------------------
// content unions (what the SDK accepts where it wants a Content or a list of them)
// -------------------------------------------------------------------------------------------------

const PartUnionCodec = t.union([t.string, Part], 'PartUnion');
/**
 * A part, or a string standing for `{text}`.
 *
 * @category model
 * @since 0.1.0
 */
export type PartUnion = string | Part;
/** The runtime codec of {@link PartUnion}. @category codecs @since 0.1.0 */
export const PartUnion: t.Type<PartUnion, PartUnion, unknown> = PartUnionCodec;

const ContentUnionCodec = t.union([t.string, Content, Part, t.readonlyArray(PartUnion)], 'ContentUnion');
/**
 * Where the SDK wants one `Content`: a Content (an object with a `parts` array) passes as it is; a
 * string, a Part or an array of them becomes one `user` Content.
 *
 * @category model
 * @since 0.1.0
 */
export type ContentUnion = string | Content | Part | readonly PartUnion[];
/** The runtime codec of {@link ContentUnion}. @category codecs @since 0.1.0 */
export const ContentUnion: t.Type<ContentUnion, ContentUnion, unknown> = ContentUnionCodec;

// -------------------------------------------------------------------------------------------------
// tools
// -------------------------------------------------------------------------------------------------

const FunctionDeclarationCodec = t.partial(
  {
    /** Required by the server; optional here only because the SDK type has it optional. */
    name: t.string,
    description: t.string,
    behavior: FunctionBehavior,
    parameters: OpenObject,
    parametersJsonSchema: t.unknown,
    response: OpenObject,
    responseJsonSchema: t.unknown,
  },
  'FunctionDeclaration',
);
/**
 * A function the model may call. `parameters` is the OpenAPI-style schema (`{type: 'OBJECT', …}`;
 * lower-case JSON Schema types are upper-cased as the SDK does); a schema carrying `$schema` is moved to
 * `parametersJsonSchema`, which takes plain JSON Schema.
 *
 * @category model
 * @since 0.1.0
 */
export interface FunctionDeclaration extends t.TypeOf<typeof FunctionDeclarationCodec> {}
/** The runtime codec of {@link FunctionDeclaration}. @category codecs @since 0.1.0 */
export const FunctionDeclaration: t.Type<FunctionDeclaration, FunctionDeclaration, unknown> = FunctionDeclarationCodec;

const GoogleSearchCodec = t.partial(
  {
    searchTypes: OpenObject,
    timeRangeFilter: OpenObject,
    /** Vertex AI only. */
    excludeDomains: t.readonlyArray(t.string),
    /** Vertex AI only. */
    blockingConfidence: t.string,
  },
  'GoogleSearch',
);
/** @category model @since 0.1.0 */
export interface GoogleSearch extends t.TypeOf<typeof GoogleSearchCodec> {}
/** The runtime codec of {@link GoogleSearch}. @category codecs @since 0.1.0 */
export const GoogleSearch: t.Type<GoogleSearch, GoogleSearch, unknown> = GoogleSearchCodec;

const GoogleMapsCodec = t.partial(
  { enableWidget: t.boolean, authConfig: OpenObject, groundingTypes: t.unknown },
  'GoogleMaps',
);
/** @category model @since 0.1.0 */
export interface GoogleMaps extends t.TypeOf<typeof GoogleMapsCodec> {}
/** The runtime codec of {@link GoogleMaps}. @category codecs @since 0.1.0 */
export const GoogleMaps: t.Type<GoogleMaps, GoogleMaps, unknown> = GoogleMapsCodec;

const ToolCodec = t.partial(
  {
    functionDeclarations: t.readonlyArray(FunctionDeclaration),
    googleSearch: GoogleSearch,
    codeExecution: OpenObject,
    urlContext: OpenObject,
    googleMaps: GoogleMaps,
    googleSearchRetrieval: OpenObject,
    computerUse: OpenObject,
    /** Gemini API only. */
    fileSearch: OpenObject,
    mcpServers: t.readonlyArray(OpenObject),
    /** Vertex AI only. */
    retrieval: OpenObject,
    /** Vertex AI only. */
    enterpriseWebSearch: OpenObject,
    /** Vertex AI only. */
    exaAiSearch: OpenObject,
    /** Vertex AI only. */
    parallelAiSearch: OpenObject,
  },
  'Tool',
);
/**
 * One tool: function declarations or a built-in tool (`googleSearch: {}`, `codeExecution: {}`,
 * `urlContext: {}`, `googleMaps: {}`, …). Tool kinds this version does not know pass through.
 *
 * @category model
 * @since 0.1.0
 */
export interface Tool extends t.TypeOf<typeof ToolCodec> {}
/** The runtime codec of {@link Tool}. @category codecs @since 0.1.0 */
export const Tool: t.Type<Tool, Tool, unknown> = ToolCodec;

// -------------------------------------------------------------------------------------------------
// session behaviour
// -------------------------------------------------------------------------------------------------

const SessionResumptionConfigCodec = t.partial(
  { handle: t.union([t.string, t.null]), transparent: t.boolean },
  'SessionResumptionConfig',
);
/**
 * `{}` asks for `sessionResumptionUpdate` messages; `{handle}` resumes. A `null`
 * handle is accepted and never sent. `transparent` is Vertex AI only.
 *
 * @category model
 * @since 0.1.0
 */
export interface SessionResumptionConfig extends t.TypeOf<typeof SessionResumptionConfigCodec> {}
/** The runtime codec of {@link SessionResumptionConfig}. @category codecs @since 0.1.0 */
export const SessionResumptionConfig: t.Type<SessionResumptionConfig, SessionResumptionConfig, unknown> = SessionResumptionConfigCodec;

const AudioTranscriptionConfigCodec = t.partial(
  {
    languageCodes: t.readonlyArray(t.string),
    languageAuto: OpenObject,
    languageHints: t.partial({ languageCodes: t.readonlyArray(t.string) }, 'LanguageHints'),
    customVocabulary: t.readonlyArray(t.string),
    adaptationPhrases: t.readonlyArray(t.string),
    wordTimestamp: t.boolean,
    diarization: t.boolean,
    mode: TranscriptionMode,
    sourceText: t.string,
  },
  'AudioTranscriptionConfig',
);
/**
 * `{}` turns transcription on.
 *
 * @category model
 * @since 0.1.0
 */
export interface AudioTranscriptionConfig extends t.TypeOf<typeof AudioTranscriptionConfigCodec> {}
/** The runtime codec of {@link AudioTranscriptionConfig}. @category codecs @since 0.1.0 */
export const AudioTranscriptionConfig: t.Type<AudioTranscriptionConfig, AudioTranscriptionConfig, unknown> = AudioTranscriptionConfigCodec;

const AutomaticActivityDetectionCodec = t.partial(
  {
    disabled: t.boolean,
    startOfSpeechSensitivity: StartSensitivity,
    endOfSpeechSensitivity: EndSensitivity,
    prefixPaddingMs: Integer,
    silenceDurationMs: Integer,
  },
  'AutomaticActivityDetection',
);
/**
 * Server-side voice activity detection. With `disabled: true` the client marks turns with
 * `activityStart` / `activityEnd`.
 *
 * @category model
 * @since 0.1.0
 */
export interface AutomaticActivityDetection extends t.TypeOf<typeof AutomaticActivityDetectionCodec> {}
/** The runtime codec of {@link AutomaticActivityDetection}. @category codecs @since 0.1.0 */
export const AutomaticActivityDetection: t.Type<AutomaticActivityDetection, AutomaticActivityDetection, unknown> = AutomaticActivityDetectionCodec;

const RealtimeInputConfigCodec = t.partial(
  {
    automaticActivityDetection: AutomaticActivityDetection,
    activityHandling: ActivityHandling,
    turnCoverage: TurnCoverage,
    interimTranscriptTimestampEnabled: t.boolean,
  },
  'RealtimeInputConfig',
);
/** @category model @since 0.1.0 */
export interface RealtimeInputConfig extends t.TypeOf<typeof RealtimeInputConfigCodec> {}
/** The runtime codec of {@link RealtimeInputConfig}. @category codecs @since 0.1.0 */
export const RealtimeInputConfig: t.Type<RealtimeInputConfig, RealtimeInputConfig, unknown> = RealtimeInputConfigCodec;

const SlidingWindowCodec = t.partial({ targetTokens: Int64 }, 'SlidingWindow');
/** @category model @since 0.1.0 */
export interface SlidingWindow extends t.TypeOf<typeof SlidingWindowCodec> {}
/** The runtime codec of {@link SlidingWindow}. @category codecs @since 0.1.0 */
export const SlidingWindow: t.Type<SlidingWindow, SlidingWindow, unknown> = SlidingWindowCodec;

const ContextWindowCompressionConfigCodec = t.partial(
  { triggerTokens: Int64, slidingWindow: SlidingWindow },
  'ContextWindowCompressionConfig',
);
/**
 * Lets sessions outlive the context window by dropping the oldest turns.
 *
 * @category model
 * @since 0.1.0
 */
export interface ContextWindowCompressionConfig extends t.TypeOf<typeof ContextWindowCompressionConfigCodec> {}
/** The runtime codec of {@link ContextWindowCompressionConfig}. @category codecs @since 0.1.0 */
export const ContextWindowCompressionConfig: t.Type<ContextWindowCompressionConfig, ContextWindowCompressionConfig, unknown> = ContextWindowCompressionConfigCodec;

const ProactivityConfigCodec = t.partial(
  { proactiveAudio: t.boolean, proactiveVideo: t.boolean },
  'ProactivityConfig',
);
/** @category model @since 0.1.0 */
export interface ProactivityConfig extends t.TypeOf<typeof ProactivityConfigCodec> {}
/** The runtime codec of {@link ProactivityConfig}. @category codecs @since 0.1.0 */
export const ProactivityConfig: t.Type<ProactivityConfig, ProactivityConfig, unknown> = ProactivityConfigCodec;

const HistoryConfigCodec = t.partial({ initialHistoryInClientContent: t.boolean }, 'HistoryConfig');
/**
 * `{initialHistoryInClientContent: true}` lets Gemini 3.1 take seeded history through `clientContent`.
 * `@google/genai` 3.1.0 drops this field; we send it.
 *
 * @category model
 * @since 0.1.0
 */
export interface HistoryConfig extends t.TypeOf<typeof HistoryConfigCodec> {}
/** The runtime codec of {@link HistoryConfig}. @category codecs @since 0.1.0 */
export const HistoryConfig: t.Type<HistoryConfig, HistoryConfig, unknown> = HistoryConfigCodec;

const AvatarConfigCodec = t.partial(
  {
    avatarName: t.string,
    customizedAvatar: t.partial({ imageMimeType: t.string, imageData: t.string }, 'CustomizedAvatar'),
    audioBitrateBps: Integer,
    videoBitrateBps: Integer,
  },
  'AvatarConfig',
);
/** @category model @since 0.1.0 */
export interface AvatarConfig extends t.TypeOf<typeof AvatarConfigCodec> {}
/** The runtime codec of {@link AvatarConfig}. @category codecs @since 0.1.0 */
export const AvatarConfig: t.Type<AvatarConfig, AvatarConfig, unknown> = AvatarConfigCodec;

const SafetySettingCodec = t.partial(
  {
    category: HarmCategory,
    threshold: HarmBlockThreshold,
    /** Vertex AI only. */
    method: HarmBlockMethod,
  },
  'SafetySetting',
);
/** @category model @since 0.1.0 */
export interface SafetySetting extends t.TypeOf<typeof SafetySettingCodec> {}
/** The runtime codec of {@link SafetySetting}. @category codecs @since 0.1.0 */
export const SafetySetting: t.Type<SafetySetting, SafetySetting, unknown> = SafetySettingCodec;

/** @category codecs @since 0.1.0 */
export const Labels = t.record(t.string, t.string, 'Labels');
export type Labels = t.TypeOf<typeof Labels>;

// -------------------------------------------------------------------------------------------------
// LiveConnectConfig
// -------------------------------------------------------------------------------------------------

/**
 * The config fields that go into `setup` exactly as given, under the same names: shared by the
 * `LiveConnectConfig` codec and the wire `setup` codec.
 *
 * @internal
 */
export const setupPassThroughProps = {
  inputAudioTranscription: AudioTranscriptionConfig,
  outputAudioTranscription: AudioTranscriptionConfig,
  realtimeInputConfig: RealtimeInputConfig,
  contextWindowCompression: ContextWindowCompressionConfig,
  proactivity: ProactivityConfig,
  /** Vertex AI only. */
  explicitVadSignal: t.boolean,
  avatarConfig: AvatarConfig,
  safetySettings: t.readonlyArray(SafetySetting),
  labels: Labels,
  historyConfig: HistoryConfig,
};

/** The runtime codec of {@link LiveConnectConfig}; its `.props` are the codecs of the fields. @category codecs @since 0.1.0 */
export const LiveConnectConfig = t.partial(
  {
    /** Deprecated in the SDK: prefer the flat fields below, which are merged into it. */
    generationConfig: GenerationConfig,
    responseModalities: t.readonlyArray(ResponseModality),
    temperature: FiniteNumber,
    topP: FiniteNumber,
    topK: Integer,
    maxOutputTokens: Integer,
    seed: Integer,
    mediaResolution: MediaResolution,
    speechConfig: SpeechConfig,
    thinkingConfig: ThinkingConfig,
    enableAffectiveDialog: t.boolean,
    translationConfig: TranslationConfig,
    systemInstruction: ContentUnion,
    tools: t.readonlyArray(Tool),
    sessionResumption: SessionResumptionConfig,
    ...setupPassThroughProps,
    /** Accepted for compatibility with SDK configs; ignored. */
    abortSignal: t.unknown,
  },
  'LiveConnectConfig',
);
/**
 * The session configuration: the fields of `@google/genai`'s `LiveConnectConfig`, plus `historyConfig`
 * (which the SDK cannot send). `buildSetup` turns it into the `setup` message.
 *
 * `abortSignal` is accepted for compatibility and ignored (unsubscribe instead). `httpOptions` is
 * refused, as the SDK refuses it in Live. Unknown top-level fields are refused as typos.
 *
 * @example
 * ```ts
 * const config: LiveConnectConfig = {
 *   responseModalities: ['AUDIO'],
 *   speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
 *   sessionResumption: {},
 * };
 * ```
 *
 * @category model
 * @since 0.1.0
 */
export interface LiveConnectConfig extends t.TypeOf<typeof LiveConnectConfig> {}
