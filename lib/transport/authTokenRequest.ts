/**
 * The HTTP half of minting an ephemeral token: one `POST {baseUrl}/v1alpha/auth_tokens` with the
 * global `fetch` (Node 20 has it), the API key in the `x-goog-api-key` header as the official SDK
 * sends it (never in the URL, so it stays out of proxy logs), and every failure turned into a
 * `LiveAuthTokenError` whose text holds no secret.
 */
import { LiveConfigError } from '../errors';
import { LiveAuthTokenError } from './authTokenError';
import { LIBRARY_VERSION } from './libraryVersion';
import { EPHEMERAL_TOKEN_PREFIX } from './endpointChecks';
import { redactedExcerpt, redactSecrets } from './redact';
import { isRecord } from '../util/isRecord';

/** Where and how the request goes. */
export interface AuthTokenRequest {
  readonly apiKey: string;
  /** Scheme, host and optional path prefix; default `https://generativelanguage.googleapis.com`. */
  readonly baseUrl?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * The created token as the service returns it: `name` is what a browser gives to `liveSession` as
 * `apiKey`. Other fields the service sends are kept as they came.
 *
 * @since 0.2.0
 */
export interface LiveAuthToken {
  /** `auth_tokens/…`: the credential itself. Treat it as a secret until it expires. */
  readonly name: string;
  readonly [field: string]: unknown;
}

const GEMINI_REST_BASE = 'https://generativelanguage.googleapis.com';
/** Ephemeral tokens exist only on `v1alpha`. */
const AUTH_TOKENS_PATH = '/v1alpha/auth_tokens';
/** Enough of an error body to show what the service said. Cut only after redaction, so no secret is half cut. */
const MAX_ERROR_EXCERPT = 300;

const HEADER_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_PATTERN = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers we set ourselves; a user value would change what the request means. */
const RESERVED_HEADERS: readonly string[] = ['x-goog-api-key', 'content-type', 'content-length', 'host'];

/**
 * Checks the transport options: the URL is built and the headers are merged, or a `LiveConfigError`
 * names the option, before anything is sent.
 */
function planAuthTokenRequest(request: Omit<AuthTokenRequest, 'apiKey'>): { readonly url: string; readonly headers: Record<string, string> } {
  const url = `${checkBaseUrl(request.baseUrl ?? GEMINI_REST_BASE)}${AUTH_TOKENS_PATH}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!HEADER_NAME_PATTERN.test(name)) throw new LiveConfigError('headers', 'contains a header name that is not a valid HTTP token');
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || !HEADER_VALUE_PATTERN.test(value)) {
      throw new LiveConfigError(`headers.${lower}`, 'must be a string without line breaks or non-Latin-1 characters');
    }
    if (RESERVED_HEADERS.includes(lower)) throw new LiveConfigError(`headers.${lower}`, 'is set by createAuthToken itself');
    headers[name] = value;
  }
  if (request.signal !== undefined && !isAbortSignal(request.signal)) {
    throw new LiveConfigError('signal', 'must be an AbortSignal');
  }
  return { url, headers };
}

/**
 * Sends `body` and returns the created token. Rejects with `LiveAuthTokenError` for an HTTP error, an
 * answer without an `auth_tokens/…` name, a network failure or an abort; never with anything else.
 */
export async function postAuthToken(body: Readonly<Record<string, unknown>>, request: AuthTokenRequest): Promise<LiveAuthToken> {
  const { url, headers } = planAuthTokenRequest(request);
  const secrets = [request.apiKey];
  const client = `rx-gemini-live/${LIBRARY_VERSION} gl-node/${globalThis.process?.version ?? 'unknown'}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': client, 'x-goog-api-client': client, ...headers, 'content-type': 'application/json', 'x-goog-api-key': request.apiKey },
      body: JSON.stringify(body),
      signal: request.signal,
    });
  } catch (thrown) {
    throw networkFailure(thrown, request.signal, secrets);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (thrown) {
    throw networkFailure(thrown, request.signal, secrets);
  }
  if (!response.ok) {
    const { message, status } = describeErrorBody(text);
    throw new LiveAuthTokenError('Creating an ephemeral token failed', {
      httpStatus: response.status,
      serverStatus: status,
      serverMessage: excerpt(message, secrets),
      retryable: response.status === 408 || response.status === 429 || response.status >= 500,
    });
  }
  const token = parseJson(text);
  if (!isRecord(token) || typeof token.name !== 'string' || !token.name.startsWith(EPHEMERAL_TOKEN_PREFIX)) {
    throw new LiveAuthTokenError('The token service answered without an auth_tokens/… name', {
      httpStatus: response.status,
      serverMessage: excerpt(text, secrets),
      retryable: false,
    });
  }
  return token as LiveAuthToken;
}

function checkBaseUrl(baseUrl: unknown): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new LiveConfigError('baseUrl', 'is not an absolute URL');
  }
  if (typeof baseUrl !== 'string' || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new LiveConfigError('baseUrl', 'must be an http: or https: URL');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    // A key in the query would end up in logs; it belongs in the apiKey option.
    throw new LiveConfigError('baseUrl', 'must not contain user info, a query or a fragment');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function networkFailure(thrown: unknown, signal: AbortSignal | undefined, secrets: readonly string[]): LiveAuthTokenError {
  const aborted = signal?.aborted === true;
  const error = new LiveAuthTokenError(aborted ? 'Creating an ephemeral token was aborted' : 'Creating an ephemeral token failed: no answer from the token service', {
    serverMessage: aborted ? '' : excerpt(causeText(thrown), secrets),
    retryable: !aborted,
  });
  error.cause = thrown;
  return error;
}

/** Google's REST errors are `{"error": {"code", "message", "status"}}`; anything else is quoted. */
function describeErrorBody(text: string): { message: string; status: string | undefined } {
  const parsed = parseJson(text);
  const error = isRecord(parsed) ? parsed.error : undefined;
  if (isRecord(error) && typeof error.message === 'string') {
    return { message: error.message, status: typeof error.status === 'string' ? error.status : undefined };
  }
  return { message: text, status: undefined };
}

function causeText(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown);
  // undici puts the useful part (ECONNREFUSED, …) in `cause`.
  const cause = thrown.cause instanceof Error ? ` (${thrown.cause.message})` : '';
  return `${thrown.message}${cause}`;
}

/** The service's words for an error message: redacted, then cut (never the other way round). */
function excerpt(text: string, secrets: readonly string[]): string {
  return redactedExcerpt(text.trim(), MAX_ERROR_EXCERPT + '…'.length, (raw) => redactSecrets(raw, secrets), '…');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && typeof (value as { aborted?: unknown }).aborted === 'boolean' && 'addEventListener' in value;
}
