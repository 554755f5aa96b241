/**
 * The body of `POST v1alpha/auth_tokens`, field for field as `@google/genai` 3.1.0's
 * `ai.authTokens.create` builds it, with every argument checked first:
 *
 * - `uses`, `expireTime` and `newSessionExpireTime` are copied (a `Date` as its ISO string, which is
 *   what `JSON.stringify` makes of one in the SDK); nothing is sent for an option not given, so the
 *   service's defaults apply (1 use, 30 minutes, 1 minute for new sessions);
 * - `liveConnectConstraints` becomes `bidiGenerateContentSetup`: the same `setup` a session with that
 *   model and config would send (`buildSetup`), without `model` when none is given;
 * - `lockAdditionalFields` becomes the comma-separated `fieldMask`. With constraints, `[]` locks the
 *   fields the setup sets (one path per field, one level deep, as the SDK lists them), a non-empty list
 *   locks those plus the listed fields (generation fields get their `generationConfig.` prefix), and no
 *   list sends no mask (the service then locks the whole setup). Without constraints the list is sent
 *   as it is.
 */
import { LiveConfigError } from '../errors';
import { buildSetup } from './buildSetup';
import type { LiveConnectConfig } from './liveConnectConfig';
import { isRecord } from '../util/isRecord';

/**
 * The Live setup a token is locked to (the SDK's `LiveConnectConstraints`).
 *
 * @since 0.2.0
 */
export interface LiveConnectConstraints {
  /** The model every session of the token uses, e.g. `gemini-2.5-flash-native-audio-preview-09-2025`. */
  readonly model?: string;
  /** The session config the token fixes, in `liveSession`'s `config` format. */
  readonly config?: LiveConnectConfig;
}

/**
 * What a token allows, as `createAuthToken` takes it (the SDK's `CreateAuthTokenConfig`).
 *
 * @since 0.2.0
 */
export interface AuthTokenConstraints {
  /**
   * How many sessions the token may open; 0 means no limit. The service's default is 1. Resuming a
   * session does not count as a use, by Google's docs.
   */
  readonly uses?: number;
  /** After this no message of any session on the token is accepted. Service default: 30 minutes. */
  readonly expireTime?: Date | string;
  /** After this the token opens no new session (resuming one still works). Service default: 1 minute. */
  readonly newSessionExpireTime?: Date | string;
  /** The model and config every session on the token gets, whatever the page asks for. */
  readonly liveConnectConstraints?: LiveConnectConstraints;
  /** More setup fields to lock (see the module comment for how they become `fieldMask`). */
  readonly lockAdditionalFields?: readonly string[];
}

/** Flat config fields the SDK prefixes with `generationConfig.` in `fieldMask`. */
const GENERATION_FIELDS: readonly string[] = ['temperature', 'topK', 'topP', 'maxOutputTokens', 'responseModalities', 'seed', 'speechConfig'];

/** RFC 3339 date-time, as the service's `google.protobuf.Timestamp` JSON form takes it. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Stands in for a model the constraints leave open; it is removed again before sending. */
const PLACEHOLDER_MODEL = 'placeholder-model';

/**
 * Checks `constraints` and builds the request body. Throws `LiveConfigError` naming the option.
 *
 * @internal
 */
export function authTokenBody(constraints: AuthTokenConstraints): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const expireTime = timestamp('expireTime', constraints.expireTime);
  const newSessionExpireTime = timestamp('newSessionExpireTime', constraints.newSessionExpireTime);
  if (expireTime !== undefined) body.expireTime = expireTime;
  if (newSessionExpireTime !== undefined) body.newSessionExpireTime = newSessionExpireTime;
  if (constraints.uses !== undefined) {
    if (!Number.isSafeInteger(constraints.uses) || constraints.uses < 0) {
      throw new LiveConfigError('uses', 'must be a whole number of sessions, 0 or more (0: no limit)');
    }
    body.uses = constraints.uses;
  }
  const lockAdditionalFields = fieldList(constraints.lockAdditionalFields);
  const setup = constraints.liveConnectConstraints === undefined ? undefined : lockedSetup(constraints.liveConnectConstraints);
  if (setup !== undefined) body.bidiGenerateContentSetup = setup;
  const fieldMask = fieldMaskOf(setup, lockAdditionalFields);
  if (fieldMask !== undefined) body.fieldMask = fieldMask;
  return body;
}

function timestamp(path: string, value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new LiveConfigError(path, 'is an invalid Date');
    return value.toISOString();
  }
  if (typeof value !== 'string' || !RFC_3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new LiveConfigError(path, 'must be a Date or an RFC 3339 time such as 2030-01-01T12:00:00Z');
  }
  return value;
}

function fieldList(fields: readonly string[] | undefined): readonly string[] | undefined {
  if (fields === undefined) return undefined;
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string' && /^[A-Za-z_][\w.]*$/.test(field))) {
    throw new LiveConfigError('lockAdditionalFields', 'must be an array of field names such as "temperature" or "systemInstruction"');
  }
  return fields;
}

/** The `setup` the constraints describe, or `undefined` when they set nothing (the SDK then sends none). */
function lockedSetup(constraints: LiveConnectConstraints): Record<string, unknown> | undefined {
  if (typeof constraints !== 'object' || constraints === null) {
    throw new LiveConfigError('liveConnectConstraints', 'must be an object with model and/or config');
  }
  const { model, config } = constraints;
  let setup: Record<string, unknown>;
  try {
    setup = { ...buildSetup(model ?? PLACEHOLDER_MODEL, config, { kind: 'gemini' }).setup };
  } catch (error) {
    if (!(error instanceof LiveConfigError)) throw error;
    // Name the option as the caller wrote it: `liveConnectConstraints.config.tools`, not `config.tools`.
    const detail = error.message.slice(`Invalid Live config at ${error.path}: `.length);
    throw new LiveConfigError(`liveConnectConstraints.${error.path}`, detail);
  }
  if (model === undefined) delete setup.model;
  return Object.keys(setup).length === 0 ? undefined : setup;
}

/** One path per set field, one level deep: what the SDK locks when `lockAdditionalFields` is `[]`. */
function setFieldPaths(setup: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(setup).flatMap(([key, value]) =>
    isRecord(value) && Object.keys(value).length > 0
      ? Object.keys(value).map((inner) => `${key}.${inner}`)
      : [key],
  );
}

function fieldMaskOf(setup: Readonly<Record<string, unknown>> | undefined, additional: readonly string[] | undefined): string | undefined {
  if (setup === undefined) return additional !== undefined && additional.length > 0 ? additional.join(',') : undefined;
  if (additional === undefined) return undefined;
  const paths = setFieldPaths(setup);
  const extra = additional.map((field) => (GENERATION_FIELDS.includes(field) ? `generationConfig.${field}` : field));
  const mask = [...paths, ...extra].join(',');
  return mask === '' ? undefined : mask;
}
