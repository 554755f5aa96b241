/**
 * Where a session connects and how it authenticates: the Gemini Developer API with an API key or an
 * ephemeral token, or Vertex AI. Shared by URL building (transport) and setup building
 * (protocol), which both depend on the backend.
 */

/**
 * A bearer token, or a function that fetches a fresh one. It is called once per connection, so a
 * reconnect picks up a refreshed token.
 *
 * @since 0.1.0
 */
export type AccessTokenSource = string | (() => string | Promise<string>);

/**
 * A Gemini API key or ephemeral token, or a function that fetches one. The function is called once
 * per connection, reconnects included, so each connection can use a fresh one-use token
 * (`auth_tokens/…` from your server).
 *
 * @since 0.2.0
 */
export type ApiKeySource = string | (() => string | Promise<string>);

/**
 * Vertex AI. Either `project` + `location` with an OAuth2 `accessToken` (sent as
 * `Authorization: Bearer …`), or express mode with an `apiKey` and no project.
 *
 * @since 0.1.0
 */
export interface VertexOptions {
  readonly project?: string;
  /** `us-central1`, `global`, or the multi-regions `us` / `eu`. */
  readonly location?: string;
  readonly accessToken?: AccessTokenSource;
  /** Express mode: sent as the `x-goog-api-key` header. */
  readonly apiKey?: string;
}

/**
 * Connection options common to every backend.
 *
 * @since 0.1.0
 */
export interface LiveEndpointOptions {
  /**
   * A Gemini API key, or an ephemeral token (`auth_tokens/…`), which switches to the constrained
   * endpoint and `v1alpha`. Or a function returning either (or a Promise of it),
   * called for every connection: the way a browser gets a fresh token per connection.
   */
  readonly apiKey?: ApiKeySource;
  /** Use Vertex AI instead of the Gemini Developer API. */
  readonly vertex?: VertexOptions;
  /**
   * Replaces the scheme and host (`http:` becomes `ws:`, `https:` becomes `wss:`). With Vertex and no
   * project/location nor API key this is a proxy URL used as it is.
   */
  readonly baseUrl?: string;
  /** Defaults: `v1beta` for the Gemini API (`v1alpha` with an ephemeral token), `v1beta1` for Vertex. */
  readonly apiVersion?: string;
  /** Extra upgrade headers (Node only: browsers cannot send WebSocket headers). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The backend a setup is built for: it decides the model resource name and
 * which config fields are allowed.
 *
 * @since 0.1.0
 */
export type LiveBackend =
  | { readonly kind: 'gemini' }
  | { readonly kind: 'vertex'; readonly project?: string; readonly location?: string };
