/**
 * Fields that only one backend understands. `@google/genai` refuses each of them on the other backend
 * with "… parameter is only supported in … mode"; we refuse the same fields, before anything is sent,
 * with the path of the offending value.
 *
 * @since 0.1.0
 */
import type { LiveBackend } from '../transport/endpointOptions';
import { type Fail, joinPath } from './validateWith';

/**
 * A dotted path below some root; `*` matches every element of an array.
 *
 * @internal
 */
export interface BackendOnlyField {
  readonly path: string;
  readonly onlyOn: LiveBackend['kind'];
}

const BACKEND_NAMES: Readonly<Record<LiveBackend['kind'], string>> = {
  gemini: 'the Gemini Developer API',
  vertex: 'Vertex AI',
};

function only(onlyOn: LiveBackend['kind'], ...paths: readonly string[]): BackendOnlyField[] {
  return paths.map((path) => ({ path, onlyOn }));
}

/**
 * Inside one `Part` of a system instruction or a context update (and, on the Gemini API, of a
 * `clientContent` turn).
 *
 * @internal
 */
export const PART_ONLY_FIELDS: readonly BackendOnlyField[] = [
  ...only('vertex', 'functionCall.partialArgs', 'functionCall.willContinue'),
  ...only(
    'gemini',
    'toolCall',
    'toolResponse',
    'partMetadata',
    'functionResponse.willContinue',
    'functionResponse.parts.*.mediaProcessing',
  ),
];

/**
 * Inside one `Tool`.
 *
 * @internal
 */
export const TOOL_ONLY_FIELDS: readonly BackendOnlyField[] = [
  ...only(
    'vertex',
    'retrieval',
    'enterpriseWebSearch',
    'exaAiSearch',
    'parallelAiSearch',
    'googleSearch.blockingConfidence',
    'googleSearch.excludeDomains',
    'googleMaps.groundingTypes',
    'googleMaps.authConfig.apiKeyConfig',
    'googleMaps.authConfig.authType',
    'googleMaps.authConfig.googleServiceAccountConfig',
    'googleMaps.authConfig.httpBasicAuthConfig',
    'googleMaps.authConfig.oauthConfig',
    'googleMaps.authConfig.oidcConfig',
  ),
  ...only('gemini', 'fileSearch', 'mcpServers.*.name', 'mcpServers.*.streamableHttpTransport'),
];

const REPLICATED_VOICE = ['consentAudio', 'voiceConsentSignature'];

/**
 * Inside `LiveConnectConfig` itself (tools and content are checked by their own lists).
 *
 * @internal
 */
export const CONFIG_ONLY_FIELDS: readonly BackendOnlyField[] = [
  ...only('vertex', 'explicitVadSignal', 'sessionResumption.transparent', 'safetySettings.*.method'),
  ...only(
    'gemini',
    'generationConfig.enableEnhancedCivicAnswers',
    ...REPLICATED_VOICE.map((field) => `speechConfig.voiceConfig.replicatedVoiceConfig.${field}`),
    ...REPLICATED_VOICE.map((field) => `generationConfig.speechConfig.voiceConfig.replicatedVoiceConfig.${field}`),
  ),
];

/**
 * Calls `fail` for the first field of `fields` that is present in `value` (not `undefined`, as in the
 * SDK: `null` counts) while `backend` is not the one it belongs to. `root` prefixes reported paths.
 *
 * @internal
 */
export function rejectBackendOnlyFields(
  value: unknown,
  fields: readonly BackendOnlyField[],
  backend: LiveBackend,
  root: string,
  fail: Fail,
): void {
  for (const field of fields) {
    if (field.onlyOn === backend.kind) continue;
    const found = findPresent(value, field.path.split('.'), root);
    if (found !== undefined) {
      fail(found, `only supported on ${BACKEND_NAMES[field.onlyOn]}, not on ${BACKEND_NAMES[backend.kind]}`);
    }
  }
}

/** The path of the first value present at `segments` below `value`, if any. */
function findPresent(value: unknown, segments: readonly string[], path: string): string | undefined {
  const [head, ...rest] = segments;
  if (head === undefined) return value === undefined ? undefined : path;
  if (head === '*') {
    if (!Array.isArray(value)) return undefined;
    for (const [index, item] of value.entries()) {
      const found = findPresent(item, rest, joinPath(path, index));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !(head in value)) return undefined;
  return findPresent((value as Record<string, unknown>)[head], rest, joinPath(path, head));
}
