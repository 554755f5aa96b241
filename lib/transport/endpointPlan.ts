/**
 * URL planning: turns checked `LiveEndpointOptions` into the URL and upgrade headers of one Live
 * connection, and says which secrets must be kept out of any text we print. Every
 * refusal happened before, in `endpointChecks.ts`; a plan cannot fail.
 *
 * Part of the browser-safe core: no Node built-ins, no `process` import. The URL and the query-string
 * credentials are what a browser can use; the headers only reach the server through a factory that
 * can send them (the `ws` factory of the `./node` entry).
 */

import type { AccessTokenSource, LiveBackend, LiveEndpointOptions, VertexOptions } from './endpointOptions';
import {
  AUTHORIZATION,
  checkEndpointOptions,
  type CheckedEndpointOptions,
  EPHEMERAL_TOKEN_PREFIX,
  GOOGLE_API_KEY,
  type HeaderList,
  isVertexProxy,
  type ParsedBaseUrl,
} from './endpointChecks';
import { LIBRARY_VERSION } from './libraryVersion';

/** Gemini Developer API host. */
const GEMINI_HOST = 'generativelanguage.googleapis.com';
/** Vertex global and express-mode host. */
const VERTEX_GLOBAL_HOST = 'aiplatform.googleapis.com';
/** Vertex multi-regions served from `aiplatform.{loc}.rep.googleapis.com`. */
const VERTEX_MULTI_REGIONS: readonly string[] = ['us', 'eu'];

/**
 * The version Google's Live docs use. `@google/genai` 3.x defaults to `v1`; we keep
 * the documented one on purpose.
 */
const GEMINI_DEFAULT_API_VERSION = 'v1beta';
/** Ephemeral tokens only work on `v1alpha`. */
const EPHEMERAL_TOKEN_DEFAULT_API_VERSION = 'v1alpha';
const VERTEX_DEFAULT_API_VERSION = 'v1beta1';
/** A location-less Vertex project goes to the global endpoint, like the SDK. */
const VERTEX_DEFAULT_LOCATION = 'global';

/** Header values that are credentials whoever set them: their values join `secrets`. */
const CREDENTIAL_HEADERS: readonly string[] = [AUTHORIZATION, 'proxy-authorization', GOOGLE_API_KEY, 'cookie'];

/**
 * Characters a query value may hold verbatim. Everything else is percent-encoded; keys (`AIza…`) and
 * tokens (`auth_tokens/…`) contain none of the others, so they stay byte-identical to the SDK's URL,
 * which does not encode them at all.
 */
const QUERY_VALUE_UNSAFE = /[^A-Za-z0-9\-._~!$'()*,;=:@/?]/g;

/** Where the connection goes and with which credentials, before any token is fetched. */
export interface EndpointPlan {
  readonly url: string;
  /** User headers merged with our defaults and any credential header known synchronously. */
  readonly headers: Readonly<Record<string, string>>;
  readonly backend: LiveBackend;
  readonly secrets: readonly string[];
  /** A Vertex access token still to be obtained, sent as `Authorization: Bearer …`. */
  readonly bearer?: AccessTokenSource;
}

/**
 * The backend a session's setup is built for, as `resolveEndpoint` will report it: on Vertex the
 * location defaults to `global`, and proxy mode has neither project nor location.
 *
 * @throws LiveConfigError
 * @internal
 */
export function resolveBackend(options: LiveEndpointOptions): LiveBackend {
  const { base, vertex } = checkEndpointOptions(options);
  return vertex === undefined ? GEMINI_BACKEND : vertexBackend(vertex, base);
}

/** One object for every Gemini API session (it has nothing of its own), instead of one each. */
const GEMINI_BACKEND: LiveBackend = Object.freeze({ kind: 'gemini' });

/**
 * The plan for one connection with `apiKey` as the key (a key getter's token, fetched and checked,
 * or the option as given).
 */
export function planEndpoint(checked: CheckedEndpointOptions, apiKey: string | undefined): EndpointPlan {
  const { userHeaders, base, apiVersion, vertex } = checked;
  return vertex === undefined ? planGemini(apiKey, userHeaders, base, apiVersion) : planVertex(vertex, userHeaders, base, apiVersion);
}

function planGemini(
  apiKey: string | undefined,
  userHeaders: HeaderList,
  base: ParsedBaseUrl | undefined,
  apiVersion: string | undefined,
): EndpointPlan {
  // An ephemeral token switches method, query parameter and default version.
  const ephemeral = apiKey?.startsWith(EPHEMERAL_TOKEN_PREFIX) === true;
  const method = ephemeral ? 'BidiGenerateContentConstrained' : 'BidiGenerateContent';
  const version = apiVersion ?? (ephemeral ? EPHEMERAL_TOKEN_DEFAULT_API_VERSION : GEMINI_DEFAULT_API_VERSION);
  // One slash before `ws/`: the SDK writes two; we do not reproduce that.
  const path = `/ws/google.ai.generativelanguage.${version}.GenerativeService.${method}`;
  const query = apiKey === undefined ? '' : `?${ephemeral ? 'access_token' : 'key'}=${encodeQueryValue(apiKey)}`;
  const prefix = base === undefined ? `wss://${GEMINI_HOST}` : base.prefix;

  return {
    url: `${prefix}${path}${query}`,
    headers: userHeaders.mergedOver(defaultHeaders()),
    backend: { kind: 'gemini' },
    // The encoded form too: it is what the URL holds when the value needed encoding.
    secrets: collectSecrets([apiKey, apiKey === undefined ? undefined : encodeQueryValue(apiKey)], userHeaders),
  };
}

function planVertex(vertex: VertexOptions, userHeaders: HeaderList, base: ParsedBaseUrl | undefined, apiVersion: string | undefined): EndpointPlan {
  const { apiKey, accessToken } = vertex;
  const credentialHeaders: Record<string, string> = apiKey === undefined ? {} : { [GOOGLE_API_KEY]: apiKey };
  const headers = { ...userHeaders.mergedOver(defaultHeaders()), ...credentialHeaders };
  const secrets = collectSecrets([apiKey], userHeaders);
  const backend = vertexBackend(vertex, base);
  if (base !== undefined && isVertexProxy(vertex)) return { url: base.exact, headers, backend, secrets, bearer: accessToken };

  const expressMode = apiKey !== undefined && vertex.project === undefined;
  const prefix = base?.prefix ?? `wss://${vertexHost(expressMode, backend.location)}`;
  const version = apiVersion ?? VERTEX_DEFAULT_API_VERSION;
  return {
    url: `${prefix}/ws/google.cloud.aiplatform.${version}.LlmBidiService/BidiGenerateContent`,
    headers,
    backend,
    secrets,
    bearer: accessToken,
  };
}

/** Proxy mode reports neither project nor location; express mode keeps the location as given. */
function vertexBackend(vertex: VertexOptions, base: ParsedBaseUrl | undefined): Extract<LiveBackend, { kind: 'vertex' }> {
  if (base !== undefined && isVertexProxy(vertex)) return { kind: 'vertex' };
  const { project, location, apiKey } = vertex;
  const expressMode = apiKey !== undefined && project === undefined;
  return { kind: 'vertex', project, location: expressMode ? location : (location ?? VERTEX_DEFAULT_LOCATION) };
}

function vertexHost(expressMode: boolean, location: string | undefined): string {
  if (expressMode || location === undefined || location === VERTEX_DEFAULT_LOCATION) return VERTEX_GLOBAL_HOST;
  if (VERTEX_MULTI_REGIONS.includes(location)) return `aiplatform.${location}.rep.googleapis.com`;
  return `${location}-aiplatform.googleapis.com`;
}

function encodeQueryValue(value: string): string {
  return value.replace(QUERY_VALUE_UNSAFE, (character) => encodeURIComponent(character));
}

function collectSecrets(values: readonly (string | undefined)[], userHeaders: HeaderList): string[] {
  const secrets = new Set<string>();
  for (const value of values) if (value !== undefined && value !== '') secrets.add(value);
  for (const [name, value] of userHeaders.entries) {
    if (!CREDENTIAL_HEADERS.includes(name.toLowerCase()) || value === '') continue;
    secrets.add(value);
    // `Bearer abc`: the credential alone may also show up in text.
    const credential = /^\S+\s+(\S.*)$/.exec(value)?.[1];
    if (credential !== undefined) secrets.add(credential);
  }
  return [...secrets];
}

/**
 * The upgrade headers the SDK's Node build sends, naming us instead of it. A
 * user header with the same name, in any case, replaces ours.
 */
function defaultHeaders(): Record<string, string> {
  const nodeVersion = runtimeNodeVersion();
  const library = `rx-gemini-live/${LIBRARY_VERSION}`;
  const client = nodeVersion === undefined ? library : `${library} gl-node/v${nodeVersion}`;
  return { 'content-type': 'application/json', 'user-agent': client, 'x-goog-api-client': client };
}

/** Node's version without importing `process`, so browser bundles need no shim. */
function runtimeNodeVersion(): string | undefined {
  const runtime: { readonly process?: { readonly versions?: { readonly node?: unknown } } } = globalThis;
  const version = runtime.process?.versions?.node;
  return typeof version === 'string' ? version : undefined;
}
