/**
 * Which Live endpoint an upgrade request asks for, and with which credential. The
 * emulator serves the same paths as Google, so a client pointed at it with `baseUrl` builds its URLs
 * exactly as in production; anything else is refused before the upgrade, as Google's front end does.
 */

/** How a request authenticated. */
export interface EmulatorCredential {
  readonly kind: 'apiKey' | 'ephemeralToken' | 'bearer';
  readonly value: string;
}

/** A request the emulator will serve. */
export interface EmulatorRoute {
  readonly backend: 'gemini' | 'vertex';
  readonly apiVersion: string;
  /** `BidiGenerateContentConstrained` is the ephemeral-token method. */
  readonly constrained: boolean;
  readonly credential: EmulatorCredential;
}

/** An upgrade refused with an HTTP status. */
export interface RouteRefusal {
  readonly status: number;
  readonly message: string;
}

export interface UpgradeRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

// One or more leading slashes: the official SDK writes `//ws/…`.
const GEMINI_PATH = /^\/+ws\/google\.ai\.generativelanguage\.(v1alpha|v1beta|v1)\.GenerativeService\.(BidiGenerateContent|BidiGenerateContentConstrained)$/;
const VERTEX_PATH = /^\/+ws\/google\.cloud\.aiplatform\.(v1beta1|v1)\.LlmBidiService\/BidiGenerateContent$/;

/** Reads the endpoint and credential of an upgrade request, or says why it is refused. */
export function routeRequest(request: UpgradeRequest): EmulatorRoute | RouteRefusal {
  // Not `new URL(path, base)`: it would read the SDK's `//ws/…` as a host named `ws`.
  const queryStart = request.url.indexOf('?');
  const pathname = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const gemini = GEMINI_PATH.exec(pathname);
  if (gemini !== null) {
    const apiVersion = gemini[1] as string;
    const constrained = gemini[2] === 'BidiGenerateContentConstrained';
    if (constrained) {
      const token = query.get('access_token') ?? tokenFromAuthorization(header('authorization'), 'Token');
      if (token === undefined || token === '') return { status: 401, message: 'missing ephemeral token' };
      if (!token.startsWith('auth_tokens/')) return { status: 401, message: 'an ephemeral token starts with auth_tokens/' };
      return { backend: 'gemini', apiVersion, constrained, credential: { kind: 'ephemeralToken', value: token } };
    }
    const key = query.get('key') ?? header('x-goog-api-key');
    if (key === undefined || key === '') return { status: 401, message: 'missing API key' };
    return { backend: 'gemini', apiVersion, constrained, credential: { kind: 'apiKey', value: key } };
  }
  const vertex = VERTEX_PATH.exec(pathname);
  if (vertex !== null) {
    const apiVersion = vertex[1] as string;
    const bearer = tokenFromAuthorization(header('authorization'), 'Bearer');
    if (bearer !== undefined && bearer !== '') {
      return { backend: 'vertex', apiVersion, constrained: false, credential: { kind: 'bearer', value: bearer } };
    }
    const key = header('x-goog-api-key');
    if (key !== undefined && key !== '') {
      return { backend: 'vertex', apiVersion, constrained: false, credential: { kind: 'apiKey', value: key } };
    }
    return { status: 401, message: 'missing Authorization: Bearer header' };
  }
  return { status: 404, message: 'not a Live API path' };
}

export function isRefusal(result: EmulatorRoute | RouteRefusal): result is RouteRefusal {
  return 'status' in result;
}

function tokenFromAuthorization(value: string | undefined, scheme: string): string | undefined {
  if (value === undefined) return undefined;
  const prefix = `${scheme} `;
  return value.startsWith(prefix) ? value.slice(prefix.length).trim() : undefined;
}
