/**
 * The model resource name that goes into `setup.model`, built from what the user wrote the way
 * `@google/genai` builds it.
 *
 * @since 0.1.0
 */
import type { LiveBackend } from '../transport/endpointOptions';
import { type Fail, failConfig } from './validateWith';

/** Sequences that would let a model name escape its resource path; the SDK refuses them too. */
const FORBIDDEN_IN_MODEL: readonly string[] = ['..', '?', '&'];

/**
 * Returns the resource name for `model` on `backend`:
 *
 * - Gemini API: `models/…` and `tunedModels/…` are kept; a bare name gets `models/`.
 * - Vertex AI: `projects/…`, `publishers/…` and `models/…` are kept; `owner/name` becomes
 *   `publishers/owner/models/name`; a bare name becomes `publishers/google/models/name`. A
 *   `publishers/…` name then gets `projects/{project}/locations/{location}/` in front when the backend
 *   knows both.
 *
 * Throws `LiveConfigError` at `model` for an empty name, a name containing `..`, `?` or `&` (as the SDK
 * does), or, on Vertex AI, a name with more than one `/` that is not a full resource name (the SDK
 * silently keeps only the first two segments).
 *
 * @example
 * ```ts
 * modelResourceName('gemini-live-2.5-flash-preview', { kind: 'gemini' });
 * // 'models/gemini-live-2.5-flash-preview'
 * modelResourceName('gemini-2.0-flash-live-preview-04-09', { kind: 'vertex', project: 'p', location: 'us-central1' });
 * // 'projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-live-preview-04-09'
 * ```
 *
 * @internal
 */
export function modelResourceName(model: unknown, backend: LiveBackend, fail: Fail = failConfig): string {
  if (typeof model !== 'string' || model.trim() === '') {
    return fail('model', 'expected a model name such as "gemini-live-2.5-flash-preview"');
  }
  const forbidden = FORBIDDEN_IN_MODEL.find((sequence) => model.includes(sequence));
  if (forbidden !== undefined) {
    return fail('model', `a model name cannot contain ${JSON.stringify(forbidden)}`);
  }
  if (backend.kind === 'gemini') {
    return model.startsWith('models/') || model.startsWith('tunedModels/') ? model : `models/${model}`;
  }
  const name = vertexModelName(model, fail);
  return name.startsWith('publishers/') && backend.project && backend.location
    ? `projects/${backend.project}/locations/${backend.location}/${name}`
    : name;
}

function vertexModelName(model: string, fail: Fail): string {
  if (model.startsWith('publishers/') || model.startsWith('projects/') || model.startsWith('models/')) return model;
  const segments = model.split('/');
  if (segments.length === 1) return `publishers/google/models/${model}`;
  const [owner, name] = segments;
  if (segments.length > 2 || !owner || !name) {
    return fail('model', 'on Vertex AI expected a bare model name, "owner/name", or a full resource name');
  }
  return `publishers/${owner}/models/${name}`;
}

/**
 * How a model takes a text turn in the middle of a session: Gemini 3.1 Flash Live
 * (and later generations) only as `realtimeInput.text`, because there `clientContent` only seeds the
 * initial history and is refused (1007) afterwards; older Live models as a `clientContent` turn with
 * `turnComplete`, which gives an explicit end of turn. Unknown names count as older.
 *
 * @example
 * ```ts
 * midSessionTextInput('models/gemini-3.1-flash-live-preview'); // 'realtimeText'
 * midSessionTextInput('models/gemini-2.5-flash-native-audio-preview-09-2025'); // 'clientContent'
 * ```
 *
 * @category setup
 * @since 0.2.0
 */
export function midSessionTextInput(model: string): 'realtimeText' | 'clientContent' {
  const version = /gemini-(?:live-)?(\d+)(?:\.(\d+))?/.exec(model);
  const major = Number(version?.[1] ?? 0);
  const minor = Number(version?.[2] ?? 0);
  return major > 3 || (major === 3 && minor >= 1) ? 'realtimeText' : 'clientContent';
}
