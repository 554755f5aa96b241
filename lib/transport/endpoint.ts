/**
 * `endpoint$` and `resolveEndpoint`: the endpoint of one Live connection, with the credentials its
 * getters fetch for it (an API key getter, a Vertex access-token getter), each called once per
 * connection. The options are checked first (`endpointChecks.ts`), then planned (`endpointPlan.ts`).
 */

import { defer, firstValueFrom, from, map, type Observable, of, switchMap } from 'rxjs';
import { LiveConfigError } from '../errors';
import type { AccessTokenSource, LiveBackend, LiveEndpointOptions } from './endpointOptions';
import { AUTHORIZATION, checkCredential, checkEndpointOptions, type CheckedEndpointOptions } from './endpointChecks';
import { type EndpointPlan, planEndpoint } from './endpointPlan';
import { redactedExcerpt, redactSecrets, redactUrl } from './redact';
import type { SocketRequest } from './webSocketLike';

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
    // Bad options fail before a getter is asked for a token it would waste (a one-use one, say).
    const checked = checkEndpointOptions(options);
    const source = options.apiKey;
    if (typeof source !== 'function') return resolveWithKey(checked, source);
    const key = obtainCredential('apiKey', 'API key getter', source, []);
    return typeof key === 'string' ? resolveWithKey(checked, key) : from(key).pipe(switchMap((fetched) => resolveWithKey(checked, fetched)));
  });
}

function resolveWithKey(checked: CheckedEndpointOptions, apiKey: string | undefined): Observable<ResolvedEndpoint> {
  const planned = planEndpoint(checked, apiKey);
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
    const error = new LiveConfigError(path, `the ${getterName} failed: ${describeThrown(thrown, knownSecrets)}`);
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

/** A thrown value's message for our own: redacted, then cut short (never the other way round). */
function describeThrown(thrown: unknown, knownSecrets: readonly string[]): string {
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return redactedExcerpt(text, 200 + '…'.length, (raw) => redactSecrets(raw, knownSecrets), '…');
}

