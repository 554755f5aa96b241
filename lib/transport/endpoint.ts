/**
 * Endpoint resolution: turns `LiveEndpointOptions` into the URL and upgrade headers of one Live
 * connection, and says which secrets must be kept out of any text we print.
 *
 * Part of the browser-safe core: no Node built-ins, no `process` import. The URL and the query-string
 * credentials are what a browser can use; the headers only reach the server through a factory that
 * can send them (the `ws` factory of the `./node` entry).
 */

import { defer, firstValueFrom, from, map, type Observable, of, switchMap } from 'rxjs';
import { LiveConfigError } from '../errors';
import type { AccessTokenSource, LiveBackend, LiveEndpointOptions, VertexOptions } from './endpointOptions';
import { redactSecrets, redactUrl } from './redact';
import type { SocketRequest } from './webSocketLike';

/**
 * This package's version, sent in `user-agent` and `x-goog-api-client`. Kept equal to package.json
 * by a test, because importing package.json would pull the whole manifest into browser bundles.
 *
 * @category transport
 * @since 0.1.0
 */
export const LIBRARY_VERSION = '0.2.0';

/**
 * One connection's worth of endpoint facts.
 *
 * @category transport
 * @since 0.1.0
 */
export interface ResolvedEndpoint {
  /** What the `WebSocketFactory` is given. The URL may hold a key or token: never print it. */
  readonly request: SocketRequest;
  /**
   * The backend the setup must be built for. On Vertex it carries the location actually used
   * (`global` when none was given) and, in proxy mode, neither project nor location, as the SDK does.
   */
  readonly backend: LiveBackend;
  /** Every credential value in `request`, for `redactSecrets` over any text shown to people. */
  readonly secrets: readonly string[];
  /** `request.url` with credentials replaced by `[REDACTED]`: safe for logs and error messages. */
  readonly displayUrl: string;
}

/** Gemini Developer API host (PROTOCOL.md §1.1). */
const GEMINI_HOST = 'generativelanguage.googleapis.com';
/** Vertex global and express-mode host (PROTOCOL.md §1.3). */
const VERTEX_GLOBAL_HOST = 'aiplatform.googleapis.com';
/** Vertex multi-regions served from `aiplatform.{loc}.rep.googleapis.com` (PROTOCOL.md §1.3). */
const VERTEX_MULTI_REGIONS: readonly string[] = ['us', 'eu'];

/**
 * The version Google's Live docs use. `@google/genai` 3.x defaults to `v1` (PROTOCOL.md §0.4); we keep
 * the documented one on purpose.
 */
const GEMINI_DEFAULT_API_VERSION = 'v1beta';
/** Ephemeral tokens only work on `v1alpha` (PROTOCOL.md §1.2). */
const EPHEMERAL_TOKEN_DEFAULT_API_VERSION = 'v1alpha';
const VERTEX_DEFAULT_API_VERSION = 'v1beta1';
/** A location-less Vertex project goes to the global endpoint, like the SDK. */
const VERTEX_DEFAULT_LOCATION = 'global';

const EPHEMERAL_TOKEN_PREFIX = 'auth_tokens/';

const AUTHORIZATION = 'authorization';
const GOOGLE_API_KEY = 'x-goog-api-key';

/** Header values that are credentials whoever set them: their values join `secrets`. */
const CREDENTIAL_HEADERS: readonly string[] = [AUTHORIZATION, 'proxy-authorization', GOOGLE_API_KEY, 'cookie'];

/** The upgrade handshake's own headers: the WebSocket client writes them, a user value would break it. */
const HANDSHAKE_HEADERS: readonly string[] = [
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-accept',
];

/** Keys and tokens are printable ASCII without spaces; anything else is a copy-paste accident. */
const CREDENTIAL_PATTERN = /^[\x21-\x7e]+$/;
/** RFC 9110 field-name token. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 field-value: no CR, LF or NUL (header injection), Latin-1 only (what Node's http accepts). */
const HEADER_VALUE_PATTERN = /^[\t\x20-\x7e\x80-\xff]*$/;
/** One dotted segment of the RPC path, e.g. `v1beta`. */
const API_VERSION_PATTERN = /^[A-Za-z0-9_]+$/;
/** A DNS label: the location becomes part of the host name. */
const LOCATION_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The project goes into `projects/{project}/…` resource names: no separators or spaces. */
const PROJECT_PATTERN = /^[^\s/?#]+$/;
/**
 * Characters a query value may hold verbatim. Everything else is percent-encoded; keys (`AIza…`) and
 * tokens (`auth_tokens/…`) contain none of the others, so they stay byte-identical to the SDK's URL,
 * which does not encode them at all (PROTOCOL.md §1.2).
 */
const QUERY_VALUE_UNSAFE = /[^A-Za-z0-9\-._~!$'()*,;=:@/?]/g;

/** Where the connection goes and with which credentials, before any token is fetched. */
interface EndpointPlan {
  readonly url: string;
  /** User headers merged with our defaults and any credential header known synchronously. */
  readonly headers: Readonly<Record<string, string>>;
  readonly backend: LiveBackend;
  readonly secrets: readonly string[];
  /** A Vertex access token still to be obtained, sent as `Authorization: Bearer …`. */
  readonly bearer?: AccessTokenSource;
}

/**
 * Checks `options` for combinations that cannot work, without opening anything or calling a token
 * getter, so a session fails before its first socket. Messages name the option, never its value.
 *
 * Decisions beyond the SDK's (which mostly only warns):
 * - the Gemini API needs `apiKey`, unless `baseUrl` points at a proxy or `headers` carry
 *   `x-goog-api-key`/`authorization`;
 * - with `vertex`, a top-level `apiKey` is refused (use `vertex.apiKey`), and `vertex.apiKey` with
 *   `vertex.accessToken` is refused (the SDK would silently prefer the key);
 * - a user header never silently replaces a credential we derive: `authorization` with
 *   `vertex.accessToken`, or `x-goog-api-key` with `vertex.apiKey`, is refused;
 * - `baseUrl` must be an absolute `http(s):` or `ws(s):` URL without user info or fragment, and without
 *   a query except in Vertex proxy mode (where it is used as it is);
 * - an ephemeral token with an `apiVersion` other than `v1alpha` is allowed (the SDK only warns).
 *
 * @throws LiveConfigError
 * @category transport
 * @since 0.1.0
 */
export function validateEndpointOptions(options: LiveEndpointOptions): void {
  plan(options);
}

/**
 * The backend a session's setup is built for, as `resolveEndpoint` will report it: on Vertex the
 * location defaults to `global`, and proxy mode has neither project nor location.
 *
 * @throws LiveConfigError
 * @category transport
 * @since 0.1.0
 */
export function resolveBackend(options: LiveEndpointOptions): LiveBackend {
  return plan(options).backend;
}

/**
 * Resolves the URL and headers of one connection. Asynchronous because a Vertex
 * `accessToken` may be a getter: it is called exactly once per call, so each reconnect gets a fresh
 * token. A getter that throws or yields no token gives `LiveConfigError('vertex.accessToken', …)`,
 * with the getter's error as `cause`.
 *
 * @example
 * ```ts
 * const { request, displayUrl } = await resolveEndpoint({ apiKey: 'AIza…' });
 * // request.url: wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=AIza…
 * // displayUrl:  …BidiGenerateContent?key=[REDACTED]
 * ```
 *
 * @throws LiveConfigError (as a rejection)
 * @category transport
 * @since 0.1.0
 */
export function resolveEndpoint(options: LiveEndpointOptions): Promise<ResolvedEndpoint> {
  return firstValueFrom(endpoint$(options));
}

/**
 * `resolveEndpoint` as an Observable, resolved afresh for each subscription (each connection). It
 * emits synchronously unless an access-token getter returns a Promise, so sessions stay testable in
 * virtual time.
 *
 * @category transport
 * @since 0.1.0
 */
export function endpoint$(options: LiveEndpointOptions): Observable<ResolvedEndpoint> {
  return defer(() => {
    const source = options.apiKey;
    if (typeof source !== 'function') return resolveWithKey(options, source);
    // Bad options fail before the getter is asked for a token it would waste (a one-use one, say).
    plan(options);
    const key = obtainCredential('apiKey', 'API key getter', source, []);
    return typeof key === 'string' ? resolveWithKey(options, key) : from(key).pipe(switchMap((fetched) => resolveWithKey(options, fetched)));
  });
}

function resolveWithKey(options: LiveEndpointOptions, apiKey: string | undefined): Observable<ResolvedEndpoint> {
  const planned = plan(options, apiKey);
  if (planned.bearer === undefined) return of(finish(planned, undefined));
  const token = obtainAccessToken(planned.bearer, planned.secrets);
  return typeof token === 'string' ? of(finish(planned, token)) : from(token).pipe(map((fetched) => finish(planned, fetched)));
}

function finish(planned: EndpointPlan, bearerToken: string | undefined): ResolvedEndpoint {
  const headers = bearerToken === undefined ? planned.headers : { ...planned.headers, [AUTHORIZATION]: `Bearer ${bearerToken}` };
  const secrets = bearerToken === undefined ? planned.secrets : [...planned.secrets, bearerToken];
  return {
    request: { url: planned.url, headers },
    backend: planned.backend,
    secrets,
    displayUrl: redactUrl(planned.url, secrets),
  };
}

/**
 * Plans with `apiKey` as the key. Before a key getter has run, a placeholder stands in for its
 * token: only the URL depends on the value, and validation and the backend do not.
 */
function plan(options: LiveEndpointOptions, apiKey: string | undefined = keyOrPlaceholder(options.apiKey)): EndpointPlan {
  const userHeaders = checkHeaders(options.headers);
  const base = options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl);
  const apiVersion = checkApiVersion(options.apiVersion);
  return options.vertex === undefined
    ? planGemini(apiKey, userHeaders, base, apiVersion)
    : planVertex(apiKey, options.vertex, userHeaders, base, apiVersion);
}

const KEY_GETTER_PLACEHOLDER = `${EPHEMERAL_TOKEN_PREFIX}from-the-getter`;

function keyOrPlaceholder(source: LiveEndpointOptions['apiKey']): string | undefined {
  return typeof source === 'function' ? KEY_GETTER_PLACEHOLDER : source;
}

function planGemini(
  apiKey: string | undefined,
  userHeaders: HeaderList,
  base: ParsedBaseUrl | undefined,
  apiVersion: string | undefined,
): EndpointPlan {
  if (apiKey !== undefined) checkCredential('apiKey', apiKey);
  if (apiKey === undefined && base === undefined && !userHeaders.hasAny([GOOGLE_API_KEY, AUTHORIZATION])) {
    throw new LiveConfigError(
      'apiKey',
      'the Gemini Developer API needs an API key or an ephemeral token (auth_tokens/…); give apiKey, or a baseUrl for a proxy that adds one',
    );
  }
  if (base?.search !== undefined) throw baseUrlQueryError();

  // An ephemeral token switches method, query parameter and default version (PROTOCOL.md §1.2).
  const ephemeral = apiKey?.startsWith(EPHEMERAL_TOKEN_PREFIX) === true;
  const method = ephemeral ? 'BidiGenerateContentConstrained' : 'BidiGenerateContent';
  const version = apiVersion ?? (ephemeral ? EPHEMERAL_TOKEN_DEFAULT_API_VERSION : GEMINI_DEFAULT_API_VERSION);
  // One slash before `ws/`: the SDK writes two (PROTOCOL.md §1.4); we do not reproduce that.
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

function planVertex(
  topLevelApiKey: string | undefined,
  vertex: VertexOptions,
  userHeaders: HeaderList,
  base: ParsedBaseUrl | undefined,
  apiVersion: string | undefined,
): EndpointPlan {
  if (topLevelApiKey !== undefined) {
    throw new LiveConfigError(
      'apiKey',
      'is for the Gemini Developer API; with vertex, give vertex.apiKey (express mode) or vertex.accessToken',
    );
  }
  const { project, location, apiKey, accessToken } = vertex;
  if (project !== undefined && !PROJECT_PATTERN.test(project)) {
    throw new LiveConfigError('vertex.project', 'must be a non-empty project id without spaces, "/", "?" or "#"');
  }
  if (location !== undefined && !LOCATION_PATTERN.test(location)) {
    throw new LiveConfigError('vertex.location', 'must be a location such as us-central1, global, us or eu');
  }
  if (apiKey !== undefined) {
    checkCredential('vertex.apiKey', apiKey);
    if (apiKey.startsWith(EPHEMERAL_TOKEN_PREFIX)) {
      throw new LiveConfigError('vertex.apiKey', 'ephemeral tokens (auth_tokens/…) work only with the Gemini Developer API');
    }
  }
  if (accessToken !== undefined) {
    if (typeof accessToken === 'string') checkCredential('vertex.accessToken', accessToken);
    else if (typeof accessToken !== 'function') {
      throw new LiveConfigError('vertex.accessToken', 'must be a string or a function returning one');
    }
  }
  if (apiKey !== undefined && accessToken !== undefined) {
    throw new LiveConfigError('vertex', 'give either apiKey (express mode) or accessToken, not both');
  }
  if (apiKey !== undefined && userHeaders.hasAny([GOOGLE_API_KEY])) {
    throw new LiveConfigError('headers.x-goog-api-key', 'conflicts with vertex.apiKey; give the key only once');
  }
  if (accessToken !== undefined && userHeaders.hasAny([AUTHORIZATION])) {
    throw new LiveConfigError('headers.authorization', 'conflicts with vertex.accessToken; give the credential only once');
  }

  const credentialHeaders: Record<string, string> = apiKey === undefined ? {} : { [GOOGLE_API_KEY]: apiKey };
  const headers = { ...userHeaders.mergedOver(defaultHeaders()), ...credentialHeaders };
  const secrets = collectSecrets([apiKey], userHeaders);
  const bearer = accessToken;

  // Proxy mode, decided on the options as given, like the SDK (PROTOCOL.md §1.3): the base URL is the
  // whole URL and only the user's headers authenticate (plus an access token, if one was given).
  const standardAuth = (project !== undefined && location !== undefined) || apiKey !== undefined;
  if (base !== undefined && !standardAuth) {
    if (project !== undefined || location !== undefined) {
      throw new LiveConfigError(
        'vertex',
        'with a baseUrl, give project and location together, or neither for a proxy (the SDK would silently drop a lone one)',
      );
    }
    return { url: base.exact, headers, backend: { kind: 'vertex' }, secrets, bearer };
  }
  if (base?.search !== undefined) throw baseUrlQueryError();

  if (project === undefined && apiKey === undefined) {
    throw new LiveConfigError(
      'vertex.project',
      'Vertex AI needs project (and location), or apiKey for express mode, or a baseUrl for a proxy',
    );
  }
  if (
    accessToken === undefined &&
    apiKey === undefined &&
    base === undefined &&
    !userHeaders.hasAny([AUTHORIZATION, GOOGLE_API_KEY])
  ) {
    throw new LiveConfigError(
      'vertex.accessToken',
      'Vertex AI needs an OAuth2 access token (e.g. from google-auth-library) or vertex.apiKey (express mode)',
    );
  }

  const expressMode = apiKey !== undefined && project === undefined;
  const resolvedLocation = expressMode ? location : (location ?? VERTEX_DEFAULT_LOCATION);
  const prefix = base?.prefix ?? `wss://${vertexHost(expressMode, resolvedLocation)}`;
  const version = apiVersion ?? VERTEX_DEFAULT_API_VERSION;
  return {
    url: `${prefix}/ws/google.cloud.aiplatform.${version}.LlmBidiService/BidiGenerateContent`,
    headers,
    backend: { kind: 'vertex', project, location: resolvedLocation },
    secrets,
    bearer,
  };
}

function vertexHost(expressMode: boolean, location: string | undefined): string {
  if (expressMode || location === undefined || location === VERTEX_DEFAULT_LOCATION) return VERTEX_GLOBAL_HOST;
  if (VERTEX_MULTI_REGIONS.includes(location)) return `aiplatform.${location}.rep.googleapis.com`;
  return `${location}-aiplatform.googleapis.com`;
}

/** The token, synchronously when the source allows it; a failing getter becomes a LiveConfigError. */
function obtainAccessToken(source: AccessTokenSource, knownSecrets: readonly string[]): string | Promise<string> {
  return typeof source === 'string' ? source : obtainCredential('vertex.accessToken', 'access token getter', source, knownSecrets);
}

/**
 * Calls a credential getter (an access token or API key source). It is called exactly once; a getter
 * that throws, rejects or yields no usable string gives `LiveConfigError(path, …)` with the getter's
 * error as `cause`.
 */
function obtainCredential(
  path: string,
  getterName: string,
  getter: () => string | Promise<string>,
  knownSecrets: readonly string[],
): string | Promise<string> {
  const failed = (thrown: unknown): never => {
    const error = new LiveConfigError(path, `the ${getterName} failed: ${redactSecrets(describeThrown(thrown), knownSecrets)}`);
    error.cause = thrown;
    throw error;
  };
  const checked = (token: unknown): string => {
    if (typeof token !== 'string' || token === '') {
      throw new LiveConfigError(path, `the ${getterName} returned no token (expected a non-empty string)`);
    }
    checkCredential(path, token);
    return token;
  };
  let produced: string | Promise<string>;
  try {
    produced = getter();
  } catch (thrown) {
    return failed(thrown);
  }
  return typeof produced === 'string' || produced === null || typeof produced !== 'object'
    ? checked(produced)
    : Promise.resolve(produced).then(checked, failed);
}

/** A thrown value's message, cut short: it goes into our own message, redacted. */
function describeThrown(thrown: unknown): string {
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function checkCredential(path: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new LiveConfigError(path, 'must be a non-empty string');
  }
  if (!CREDENTIAL_PATTERN.test(value)) {
    // The usual cause is a trailing newline from a .env file, or a "Bearer " prefix.
    throw new LiveConfigError(
      path,
      'must be printable ASCII without spaces or line breaks (check for a stray newline or a "Bearer " prefix)',
    );
  }
}

function checkApiVersion(apiVersion: string | undefined): string | undefined {
  if (apiVersion !== undefined && (typeof apiVersion !== 'string' || !API_VERSION_PATTERN.test(apiVersion))) {
    throw new LiveConfigError('apiVersion', 'must be a version name such as v1beta, v1alpha, v1 or v1beta1');
  }
  return apiVersion;
}

function encodeQueryValue(value: string): string {
  return value.replace(QUERY_VALUE_UNSAFE, (character) => encodeURIComponent(character));
}

function baseUrlQueryError(): LiveConfigError {
  return new LiveConfigError('baseUrl', 'must not have a query string (only a Vertex proxy URL is used as it is)');
}

interface ParsedBaseUrl {
  /** Scheme, host and path prefix without a trailing slash: `/ws/…` is appended to it. */
  readonly prefix: string;
  /** The whole URL with a WebSocket scheme, for Vertex proxy mode. */
  readonly exact: string;
  readonly search: string | undefined;
}

/** `http:` becomes `ws:` and `https:` becomes `wss:`, as in the SDK (PROTOCOL.md §1.5). */
const WEBSOCKET_SCHEMES: Readonly<Record<string, string>> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };

function parseBaseUrl(baseUrl: string): ParsedBaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // No value in the message: a base URL may carry a key in its query.
    throw new LiveConfigError('baseUrl', 'is not an absolute URL');
  }
  const scheme = WEBSOCKET_SCHEMES[url.protocol];
  if (scheme === undefined) {
    throw new LiveConfigError('baseUrl', 'must use http:, https:, ws: or wss:');
  }
  if (url.username !== '' || url.password !== '') {
    throw new LiveConfigError('baseUrl', 'must not contain user info; send credentials in headers');
  }
  if (url.hash !== '') {
    throw new LiveConfigError('baseUrl', 'must not have a fragment (#…): WebSocket URLs cannot carry one');
  }
  url.protocol = scheme;
  return {
    prefix: `${scheme}//${url.host}${url.pathname.replace(/\/+$/, '')}`,
    exact: url.href,
    search: url.search === '' ? undefined : url.search,
  };
}

/** User headers, checked, with case-insensitive lookups (HTTP header names ignore case). */
interface HeaderList {
  readonly entries: readonly (readonly [name: string, value: string])[];
  hasAny(lowerCaseNames: readonly string[]): boolean;
  /** `defaults` minus any header the user also gave (in any case), then the user's headers. */
  mergedOver(defaults: Readonly<Record<string, string>>): Record<string, string>;
}

function checkHeaders(headers: Readonly<Record<string, string>> | undefined): HeaderList {
  const entries = Object.entries(headers ?? {});
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    if (!HEADER_NAME_PATTERN.test(name)) {
      throw new LiveConfigError('headers', 'contains a header name that is not a valid HTTP token');
    }
    const lower = name.toLowerCase();
    const path = `headers.${lower}`;
    if (typeof value !== 'string' || !HEADER_VALUE_PATTERN.test(value)) {
      throw new LiveConfigError(path, 'must be a string without line breaks or non-Latin-1 characters');
    }
    if (seen.has(lower)) {
      throw new LiveConfigError(path, 'is given twice with different letter case');
    }
    if (HANDSHAKE_HEADERS.includes(lower)) {
      throw new LiveConfigError(path, 'is part of the WebSocket handshake and is set by the WebSocket client');
    }
    seen.add(lower);
  }
  return {
    entries,
    hasAny: (names) => names.some((name) => seen.has(name)),
    mergedOver: (defaults) => {
      const merged: Record<string, string> = {};
      for (const [name, value] of Object.entries(defaults)) {
        if (!seen.has(name.toLowerCase())) merged[name] = value;
      }
      for (const [name, value] of entries) merged[name] = value;
      return merged;
    },
  };
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
 * The upgrade headers the SDK's Node build sends (PROTOCOL.md §1.4), naming us instead of it. A
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
