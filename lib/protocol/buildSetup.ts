/**
 * `LiveConnectConfig` → the `setup` message, field for field as `@google/genai` 3.1.0 builds it,
 * with everything checked before a socket exists.
 *
 * Where we differ from the SDK, on purpose:
 * - `historyConfig` is sent (the SDK drops it; Gemini 3.1 needs it);
 * - a `null` resumption handle is never sent, on Vertex AI either (the SDK strips it on the Gemini API
 *   only; Gemini 3.1 rejects it);
 * - on Vertex AI, `generationConfig.responseModalities` is respected (the SDK overwrites it with its
 *   `['AUDIO']` default unless the flat field is set);
 * - a field set both flat and in `generationConfig` with different values is refused (the SDK throws
 *   for some such pairs and silently picks one for others); objects are merged, flat keys winning, as
 *   the SDK merges them;
 * - fields the SDK would drop without a word (unknown tool kinds, unknown keys in nested objects) are
 *   passed on, and unknown top-level config fields are refused as typos;
 * - `speechConfig.multiSpeakerVoiceConfig` is refused inside `generationConfig` too, and more than one
 *   response modality is refused (the Live API takes one).
 *
 * @since 0.1.0
 */
import type { LiveBackend } from '../transport/endpointOptions';
import { CONFIG_ONLY_FIELDS, PART_ONLY_FIELDS, rejectBackendOnlyFields } from './backendOnlyFields';
import type { LiveClientSetup, SetupMessage, SetupSessionResumption } from './clientMessages';
import type { Content } from './content';
import { toContent } from './contentUnion';
import { type GenerationConfig, LiveConnectConfig } from './liveConnectConfig';
import { modelResourceName } from './modelName';
import { toolsToWire } from './toolsToWire';
import { type Fail, failConfig, joinPath, unknownField, validateWith } from './validateWith';
import { isRecord } from '../util/isRecord';

const CONFIG = 'config';

/**
 * The flat fields that land in `setup.generationConfig`, in the order the SDK writes them.
 */
const GENERATION_FIELDS = [
  'responseModalities',
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'mediaResolution',
  'seed',
  'speechConfig',
  'thinkingConfig',
  'enableAffectiveDialog',
  'translationConfig',
] as const satisfies readonly (keyof LiveConnectConfig & keyof GenerationConfig)[];

/**
 * Fields of `setup` copied from the config as they are, in the SDK's order (after `model`,
 * `generationConfig`, `systemInstruction`, `tools` and `sessionResumption`).
 */
const PASS_THROUGH_FIELDS = [
  'inputAudioTranscription',
  'outputAudioTranscription',
  'realtimeInputConfig',
  'contextWindowCompression',
  'proactivity',
  'explicitVadSignal',
  'avatarConfig',
  'safetySettings',
  'labels',
  'historyConfig',
] as const satisfies readonly (keyof LiveConnectConfig & keyof LiveClientSetup)[];

/** Every top-level field we know; `abortSignal` is among them but is not sent. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(LiveConnectConfig.props));

/**
 * Builds the `{setup: …}` message for `model` and `config` on `backend`, as `@google/genai` would (see
 * the module comment for the deliberate differences):
 *
 * - `model` becomes a resource name (`models/…`, or `projects/…/publishers/google/models/…` on Vertex);
 * - `systemInstruction` given as text or Parts becomes a `user` Content;
 * - the flat generation fields (`responseModalities`, `temperature`, `speechConfig`, …) are merged into
 *   a copy of `generationConfig`;
 * - function schemas are normalised like the SDK's (see `toolsToWire`);
 * - on Vertex AI, `responseModalities` defaults to `['AUDIO']` and `generationConfig.modelSelectionConfig`
 *   is sent as `modelConfig`.
 *
 * Throws `LiveConfigError(path, message)` for anything that cannot work: a config that does not match
 * the `LiveConnectConfig` codec, `httpOptions`, an unknown top-level field, more than one response
 * modality, a multi-speaker voice, fields of the other backend (`explicitVadSignal` and
 * `sessionResumption.transparent` are Vertex AI only), conflicting duplicate fields, or a bad model name.
 * Neither `config` nor anything in it is modified.
 *
 * @example
 * ```ts
 * buildSetup('gemini-live-2.5-flash-preview', { responseModalities: ['TEXT'], systemInstruction: 'Be brief.' }, { kind: 'gemini' });
 * // {setup: {model: 'models/gemini-live-2.5-flash-preview', generationConfig: {responseModalities: ['TEXT']},
 * //          systemInstruction: {parts: [{text: 'Be brief.'}], role: 'user'}}}
 * ```
 *
 * @category setup
 * @since 0.1.0
 */
export function buildSetup(model: string, config: LiveConnectConfig | undefined, backend: LiveBackend): SetupMessage {
  const fail: Fail = failConfig;
  const checked = checkConfig(config, backend, fail);
  const setup: Record<string, unknown> = { model: modelResourceName(model, backend, fail) };

  const generationConfig = mergeGenerationConfig(checked, backend, fail);
  if (generationConfig !== undefined) setup.generationConfig = generationConfig;
  if (checked.systemInstruction !== undefined) {
    setup.systemInstruction = systemInstructionToWire(checked.systemInstruction, backend, joinPath(CONFIG, 'systemInstruction'), fail);
  }
  if (checked.tools !== undefined) setup.tools = toolsToWire(checked.tools, backend, joinPath(CONFIG, 'tools'), fail);
  if (checked.sessionResumption !== undefined) setup.sessionResumption = sessionResumptionToWire(checked.sessionResumption);
  for (const field of PASS_THROUGH_FIELDS) {
    if (checked[field] !== undefined) setup[field] = checked[field];
  }
  return { setup: setup as LiveClientSetup };
}

/**
 * A system instruction (text, Parts or a Content) as the `Content` the wire wants, with the part fields
 * of the other backend refused. Shared with `contextUpdate`.
 *
 * @internal
 */
export function systemInstructionToWire(value: unknown, backend: LiveBackend | undefined, path: string, fail: Fail): Content {
  const content = toContent(value, path, fail);
  if (backend !== undefined) {
    content.parts?.forEach((part, index) =>
      rejectBackendOnlyFields(part, PART_ONLY_FIELDS, backend, joinPath(joinPath(path, 'parts'), index), fail),
    );
  }
  return content;
}

function checkConfig(config: unknown, backend: LiveBackend, fail: Fail): LiveConnectConfig {
  if (config === undefined) return {};
  if (!isRecord(config)) {
    return fail(CONFIG, 'expected a LiveConnectConfig object');
  }
  if ('httpOptions' in config && (config as { httpOptions?: unknown }).httpOptions !== undefined) {
    return fail(
      joinPath(CONFIG, 'httpOptions'),
      'per-request httpOptions are not supported in Live (as in @google/genai): set baseUrl, apiVersion and headers on the session options',
    );
  }
  const unknown = unknownField(config, KNOWN_FIELDS);
  if (unknown !== undefined) return fail(joinPath(CONFIG, unknown), 'not a LiveConnectConfig field (a typo?)');
  const checked = validateWith(LiveConnectConfig, config, CONFIG, fail);
  rejectBackendOnlyFields(checked, CONFIG_ONLY_FIELDS, backend, CONFIG, fail);
  for (const [path, speech] of [
    [joinPath(CONFIG, 'speechConfig'), checked.speechConfig],
    [joinPath(joinPath(CONFIG, 'generationConfig'), 'speechConfig'), checked.generationConfig?.speechConfig],
  ] as const) {
    if (speech?.multiSpeakerVoiceConfig !== undefined) {
      fail(joinPath(path, 'multiSpeakerVoiceConfig'), 'multi-speaker voices are not supported by the Live API');
    }
  }
  return checked;
}

/**
 * `generationConfig` as sent: a copy of the deprecated nested object with the flat fields merged in.
 */
function mergeGenerationConfig(config: LiveConnectConfig, backend: LiveBackend, fail: Fail): Record<string, unknown> | undefined {
  const nested = config.generationConfig;
  let merged: Record<string, unknown> | undefined = nested === undefined ? undefined : nestedGenerationConfig(nested, backend);
  const flat: Partial<Record<(typeof GENERATION_FIELDS)[number], unknown>> = {};
  for (const field of GENERATION_FIELDS) {
    if (config[field] !== undefined) flat[field] = config[field];
  }
  // The SDK asks Vertex AI for audio when nothing says otherwise, as the Gemini API does by default.
  if (backend.kind === 'vertex' && flat.responseModalities === undefined && nested?.responseModalities === undefined) {
    flat.responseModalities = ['AUDIO'];
  }
  for (const field of GENERATION_FIELDS) {
    const value = flat[field];
    if (value === undefined) continue;
    merged ??= {};
    merged[field] = mergeField(merged[field], value, field, fail);
  }
  const modalities = merged?.responseModalities;
  if (Array.isArray(modalities) && modalities.length > 1) {
    fail(
      joinPath(CONFIG, config.responseModalities === undefined ? 'generationConfig.responseModalities' : 'responseModalities'),
      `the Live API answers in one modality per session: choose ["AUDIO"] or ["TEXT"], not ${JSON.stringify(modalities)}`,
    );
  }
  return merged;
}

function nestedGenerationConfig(nested: GenerationConfig, backend: LiveBackend): Record<string, unknown> {
  if (backend.kind !== 'vertex' || nested.modelSelectionConfig === undefined) return { ...nested };
  // Vertex AI names this field `modelConfig` on the wire.
  const { modelSelectionConfig, ...rest } = nested;
  return { ...rest, modelConfig: modelSelectionConfig };
}

function mergeField(existing: unknown, value: unknown, field: string, fail: Fail): unknown {
  if (existing === undefined) return value;
  if (isRecord(existing) && isRecord(value)) return { ...existing, ...value };
  if (sameJson(existing, value)) return existing;
  return fail(
    joinPath(CONFIG, field),
    `conflicts with config.generationConfig.${field}: set it in one place (generationConfig is deprecated)`,
  );
}

function sessionResumptionToWire(config: NonNullable<LiveConnectConfig['sessionResumption']>): SetupSessionResumption {
  const { handle, ...rest } = config;
  // A null handle means "no handle": the server (Gemini 3.1) rejects an explicit null.
  return handle === null || handle === undefined ? rest : { handle, ...rest };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
