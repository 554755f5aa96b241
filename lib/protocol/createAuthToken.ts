/**
 * `createAuthToken`: mints an ephemeral token on a server that holds the API key, so a browser can
 * open Live sessions without ever seeing the key. Arguments are checked, and the
 * body built, before anything is sent; the HTTP part is in `transport/authTokenRequest.ts`.
 */
import { LiveConfigError } from '../errors';
import { type LiveAuthToken, postAuthToken } from '../transport/authTokenRequest';
import { CREDENTIAL_PATTERN, EPHEMERAL_TOKEN_PREFIX } from '../transport/endpointChecks';
import { type AuthTokenConstraints, authTokenBody } from './authTokenBody';

/**
 * Options of `createAuthToken`: what the token allows, and how to reach the token service.
 *
 * @since 0.2.0
 */
export interface CreateAuthTokenOptions extends AuthTokenConstraints {
  /** The Gemini API key that pays for the sessions. It is sent in a header, never in the URL. */
  readonly apiKey: string;
  /** Default `https://generativelanguage.googleapis.com`; the emulator's `baseUrl` works too. */
  readonly baseUrl?: string;
  /** Extra request headers (`x-goog-api-key` and `content-type` are set by us). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /**
   * Always refused: Vertex AI has no ephemeral tokens (the official SDK throws too). Accepted in the
   * type so that session options can be spread in and get a clear error rather than be ignored.
   */
  readonly vertex?: unknown;
}

/**
 * Mints an ephemeral token: `POST v1alpha/auth_tokens` with the same body `@google/genai` 3.1.0's
 * `ai.authTokens.create` sends for the same arguments. Give the page `token.name`; it connects with
 * `liveSession({ apiKey: token.name, … })` and never needs the API key.
 *
 * Bad arguments reject with `LiveConfigError` before anything is sent. A failed request rejects with
 * `LiveAuthTokenError` (HTTP status, the service's message, redacted).
 *
 * With a `uses: 1` token (the service's default) every connection needs its own token, reconnects
 * included: give `liveSession` an `apiKey` getter that asks your server for one (docs/browser.md).
 *
 * @example
 * ```ts
 * import { createAuthToken } from 'rx-gemini-live/node';
 *
 * const token = await createAuthToken({
 *   apiKey: process.env.GEMINI_API_KEY ?? '',
 *   uses: 1,
 *   newSessionExpireTime: new Date(Date.now() + 60_000),
 *   expireTime: new Date(Date.now() + 30 * 60_000),
 *   liveConnectConstraints: { model: 'gemini-2.5-flash-native-audio-preview-09-2025', config: { responseModalities: ['AUDIO'] } },
 * });
 * console.log(token.name); // auth_tokens/…: hand this to the page
 * ```
 *
 * @throws LiveConfigError, LiveAuthTokenError (as rejections)
 * @category auth tokens
 * @since 0.2.0
 */
export async function createAuthToken(options: CreateAuthTokenOptions): Promise<LiveAuthToken> {
  if (typeof options !== 'object' || options === null) {
    throw new LiveConfigError('options', 'expected an options object with at least apiKey');
  }
  if (options.vertex !== undefined) {
    throw new LiveConfigError('vertex', 'ephemeral tokens exist only on the Gemini Developer API; Vertex AI cannot mint them');
  }
  const { apiKey } = options;
  if (typeof apiKey !== 'string' || apiKey === '') throw new LiveConfigError('apiKey', 'must be a non-empty Gemini API key');
  if (!CREDENTIAL_PATTERN.test(apiKey)) {
    throw new LiveConfigError('apiKey', 'must be printable ASCII without spaces or line breaks (check for a stray newline)');
  }
  if (apiKey.startsWith(EPHEMERAL_TOKEN_PREFIX)) {
    throw new LiveConfigError('apiKey', 'is an ephemeral token; minting one needs the API key (ephemeral tokens only open Live sessions)');
  }
  const body = authTokenBody(options);
  // Checks baseUrl, headers and signal before sending, so every argument fails before any request.
  return postAuthToken(body, { apiKey, baseUrl: options.baseUrl, headers: options.headers, signal: options.signal });
}
