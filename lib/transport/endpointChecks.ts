/**
 * The checks on `LiveEndpointOptions`: every combination that cannot work is refused here, before any
 * URL is built, socket opened or token getter called. Messages name the option, never its value.
 */

import { LiveConfigError } from '../errors';
import type { LiveEndpointOptions, VertexOptions } from './endpointOptions';

/** The prefix of an ephemeral token's name: `auth_tokens/…`. */
export const EPHEMERAL_TOKEN_PREFIX = 'auth_tokens/';

export const AUTHORIZATION = 'authorization';
export const GOOGLE_API_KEY = 'x-goog-api-key';

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
export const CREDENTIAL_PATTERN = /^[\x21-\x7e]+$/;
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

/** User headers, checked, with case-insensitive lookups (HTTP header names ignore case). */
export interface HeaderList {
  readonly entries: readonly (readonly [name: string, value: string])[];
  hasAny(lowerCaseNames: readonly string[]): boolean;
  /** `defaults` minus any header the user also gave (in any case), then the user's headers. */
  mergedOver(defaults: Readonly<Record<string, string>>): Record<string, string>;
}

export interface ParsedBaseUrl {
  /** Scheme, host and path prefix without a trailing slash: `/ws/…` is appended to it. */
  readonly prefix: string;
  /** The whole URL with a WebSocket scheme, for Vertex proxy mode. */
  readonly exact: string;
  readonly search: string | undefined;
}

/** Options that passed every check, with the parts the planner reads already parsed. */
export interface CheckedEndpointOptions {
  readonly userHeaders: HeaderList;
  readonly base: ParsedBaseUrl | undefined;
  readonly apiVersion: string | undefined;
  readonly vertex: VertexOptions | undefined;
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
  checkEndpointOptions(options);
}

/**
 * `validateEndpointOptions`, returning the parsed parts for the planner. An API key getter's token is
 * checked when it arrives (`checkCredential`), not here.
 *
 * @throws LiveConfigError
 */
export function checkEndpointOptions(options: LiveEndpointOptions): CheckedEndpointOptions {
  const userHeaders = checkHeaders(options.headers);
  const base = options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl);
  const apiVersion = checkApiVersion(options.apiVersion);
  const apiKey = options.apiKey;
  if (options.vertex === undefined) checkGemini(apiKey, userHeaders, base);
  else checkVertex(apiKey !== undefined, options.vertex, userHeaders, base);
  return { userHeaders, base, apiVersion, vertex: options.vertex };
}

function checkGemini(apiKey: LiveEndpointOptions['apiKey'], userHeaders: HeaderList, base: ParsedBaseUrl | undefined): void {
  if (typeof apiKey !== 'function' && apiKey !== undefined) checkCredential('apiKey', apiKey);
  if (apiKey === undefined && base === undefined && !userHeaders.hasAny([GOOGLE_API_KEY, AUTHORIZATION])) {
    throw new LiveConfigError(
      'apiKey',
      'the Gemini Developer API needs an API key or an ephemeral token (auth_tokens/…); give apiKey, or a baseUrl for a proxy that adds one',
    );
  }
  if (base?.search !== undefined) throw baseUrlQueryError();
}

function checkVertex(hasTopLevelApiKey: boolean, vertex: VertexOptions, userHeaders: HeaderList, base: ParsedBaseUrl | undefined): void {
  if (hasTopLevelApiKey) {
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

  if (base !== undefined && isVertexProxy(vertex)) {
    if (project !== undefined || location !== undefined) {
      throw new LiveConfigError(
        'vertex',
        'with a baseUrl, give project and location together, or neither for a proxy (the SDK would silently drop a lone one)',
      );
    }
    return;
  }
  if (base?.search !== undefined) throw baseUrlQueryError();

  if (project === undefined && apiKey === undefined) {
    throw new LiveConfigError(
      'vertex.project',
      'Vertex AI needs project (and location), or apiKey for express mode, or a baseUrl for a proxy',
    );
  }
  if (accessToken === undefined && apiKey === undefined && base === undefined && !userHeaders.hasAny([AUTHORIZATION, GOOGLE_API_KEY])) {
    throw new LiveConfigError(
      'vertex.accessToken',
      'Vertex AI needs an OAuth2 access token (e.g. from google-auth-library) or vertex.apiKey (express mode)',
    );
  }
}

/**
 * Proxy mode, decided on the options as given, like the SDK: with a `baseUrl` and
 * neither project-and-location nor an express-mode key, the base URL is the whole URL and only the
 * user's headers authenticate (plus an access token, if one was given).
 */
export function isVertexProxy({ project, location, apiKey }: VertexOptions): boolean {
  return !((project !== undefined && location !== undefined) || apiKey !== undefined);
}

/** Refuses a credential (key, token, a getter's result) that could not be sent as it is. */
export function checkCredential(path: string, value: unknown): void {
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

function baseUrlQueryError(): LiveConfigError {
  return new LiveConfigError('baseUrl', 'must not have a query string (only a Vertex proxy URL is used as it is)');
}

/** `http:` becomes `ws:` and `https:` becomes `wss:`, as in the SDK. */
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
