import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { GoogleGenAI, type GoogleGenAIOptions } from '@google/genai';
import fc from 'fast-check';
import { type WebSocket, WebSocketServer } from 'ws';
import { LiveConfigError } from '../../lib/errors';
import { type ResolvedEndpoint, resolveEndpoint } from '../../lib/transport/endpoint';
import { validateEndpointOptions } from '../../lib/transport/endpointChecks';
import { resolveBackend } from '../../lib/transport/endpointPlan';
import { LIBRARY_VERSION } from '../../lib/transport/libraryVersion';
import type { LiveEndpointOptions } from '../../lib/transport/endpointOptions';

const GEMINI_V1BETA =
  'wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const VERTEX_PATH = '/ws/google.cloud.aiplatform.v1beta1.LlmBidiService/BidiGenerateContent';
const KEY = 'AIzaSyTestKey-0123456789_abcdefghij';
const TOKEN = 'auth_tokens/0123456789abcdef';
const CLIENT_LABEL = new RegExp(`^rx-gemini-live/${LIBRARY_VERSION.replace(/\./g, '\\.')} gl-node/${process.version}$`);

/** The error `run` throws or rejects with, so tests can assert on its fields. */
async function configErrorOf(run: () => unknown): Promise<LiveConfigError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof LiveConfigError)) throw new Error(`expected a LiveConfigError, got ${String(caught)}`);
  return caught;
}

/** Every text an endpoint shows people. */
function printable(endpoint: ResolvedEndpoint): string {
  return `${endpoint.displayUrl} ${JSON.stringify(endpoint.backend)}`;
}

describe('resolveEndpoint: Gemini Developer API', () => {
  it('puts an API key in the query of the v1beta BidiGenerateContent URL', async () => {
    const endpoint = await resolveEndpoint({ apiKey: KEY });
    expect(endpoint.request.url).toBe(`${GEMINI_V1BETA}?key=${KEY}`);
    expect(endpoint.backend).toEqual({ kind: 'gemini' });
    expect(endpoint.secrets).toContain(KEY);
    expect(endpoint.displayUrl).toBe(`${GEMINI_V1BETA}?key=[REDACTED]`);
  });

  it('sends no credential header for an API key (the query carries it, as in the JS SDK)', async () => {
    const { request } = await resolveEndpoint({ apiKey: KEY });
    const names = Object.keys(request.headers).map((name) => name.toLowerCase());
    expect(names).not.toContain('x-goog-api-key');
    expect(names).not.toContain('authorization');
  });

  it('writes a single slash before ws/, unlike the SDK', async () => {
    const { request } = await resolveEndpoint({ apiKey: KEY });
    expect(new URL(request.url).pathname.startsWith('/ws/')).toBe(true);
    expect(request.url).not.toContain('//ws/');
  });

  it('uses a custom apiVersion', async () => {
    const { request } = await resolveEndpoint({ apiKey: KEY, apiVersion: 'v1' });
    expect(request.url).toBe(
      `wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent?key=${KEY}`,
    );
  });

  it('sends an ephemeral token to the Constrained method on v1alpha, as access_token, unencoded', async () => {
    const endpoint = await resolveEndpoint({ apiKey: TOKEN });
    expect(endpoint.request.url).toBe(
      `wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?access_token=${TOKEN}`,
    );
    expect(endpoint.secrets).toContain(TOKEN);
    expect(endpoint.displayUrl).not.toContain('0123456789abcdef');
    expect(endpoint.displayUrl.endsWith('?access_token=[REDACTED]')).toBe(true);
  });

  it('allows an ephemeral token with another apiVersion (the SDK only warns)', async () => {
    const { request } = await resolveEndpoint({ apiKey: TOKEN, apiVersion: 'v1beta' });
    expect(request.url).toContain('.v1beta.GenerativeService.BidiGenerateContentConstrained?access_token=');
  });

  it('keeps keys that need no encoding byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{8,48}$/), async (key) => {
        const { request } = await resolveEndpoint({ apiKey: key });
        expect(new URL(request.url).search).toBe(`?key=${key}`);
      }),
      { numRuns: 50 },
    );
  });

  it('percent-encodes characters that would change the query, and redacts the encoded form', async () => {
    const key = 'abc&def+ghi#jkl%mno';
    const endpoint = await resolveEndpoint({ apiKey: key });
    const url = new URL(endpoint.request.url);
    expect(url.searchParams.get('key')).toBe(key);
    expect([...url.searchParams.keys()]).toEqual(['key']);
    expect(endpoint.displayUrl).not.toContain('def');
  });

  it('redacts a key containing a slash in any text, in the form the URL holds', async () => {
    const key = 'abcd/efgh&ijkl';
    const endpoint = await resolveEndpoint({ apiKey: key });
    const queryForm = endpoint.request.url.split('key=')[1] ?? '';
    expect(queryForm).toBe('abcd/efgh%26ijkl');
    expect(endpoint.secrets).toContain(queryForm);
  });

  describe('baseUrl', () => {
    const path = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';

    it.each([
      ['http://127.0.0.1:9000', `ws://127.0.0.1:9000${path}?key=${KEY}`],
      ['http://127.0.0.1:9000/', `ws://127.0.0.1:9000${path}?key=${KEY}`],
      ['https://proxy.example.com', `wss://proxy.example.com${path}?key=${KEY}`],
      ['https://proxy.example.com:8443/', `wss://proxy.example.com:8443${path}?key=${KEY}`],
      ['ws://localhost:1234', `ws://localhost:1234${path}?key=${KEY}`],
      ['wss://proxy.example.com', `wss://proxy.example.com${path}?key=${KEY}`],
      ['https://proxy.example.com/gemini', `wss://proxy.example.com/gemini${path}?key=${KEY}`],
      ['https://proxy.example.com/gemini/', `wss://proxy.example.com/gemini${path}?key=${KEY}`],
    ])('%s', async (baseUrl, expected) => {
      const { request } = await resolveEndpoint({ apiKey: KEY, baseUrl });
      expect(request.url).toBe(expected);
    });

    it('needs no apiKey: a proxy may add the credential', async () => {
      const { request, secrets } = await resolveEndpoint({ baseUrl: 'https://proxy.example.com' });
      expect(request.url).toBe(`wss://proxy.example.com${path}`);
      expect(secrets).toEqual([]);
    });

    it.each([
      ['not a url', 'is not an absolute URL'],
      ['/relative/path', 'is not an absolute URL'],
      ['ftp://example.com', 'must use http:, https:, ws: or wss:'],
      ['https://user:s3cretpass@example.com', 'must not contain user info'],
      ['https://example.com/#frag', 'must not have a fragment'],
      ['https://example.com/?key=s3cretpass', 'must not have a query string'],
    ])('refuses %s', async (baseUrl, message) => {
      const error = await configErrorOf(() => resolveEndpoint({ apiKey: KEY, baseUrl }));
      expect(error.path).toBe('baseUrl');
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('s3cretpass');
    });
  });

  describe('headers', () => {
    it('sends content-type and identifies us like the SDK identifies itself', async () => {
      const { request } = await resolveEndpoint({ apiKey: KEY });
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toMatch(CLIENT_LABEL);
      expect(request.headers['x-goog-api-client']).toMatch(CLIENT_LABEL);
    });

    it('merges extra headers', async () => {
      const { request } = await resolveEndpoint({ apiKey: KEY, headers: { 'X-Custom': 'yes' } });
      expect(request.headers['X-Custom']).toBe('yes');
      expect(request.headers['content-type']).toBe('application/json');
    });

    it('lets a user header replace a default one of the same name, in any letter case', async () => {
      const { request } = await resolveEndpoint({ apiKey: KEY, headers: { 'User-Agent': 'my-app/2', 'X-GOOG-API-CLIENT': 'mine' } });
      expect(request.headers).toEqual({ 'content-type': 'application/json', 'User-Agent': 'my-app/2', 'X-GOOG-API-CLIENT': 'mine' });
    });

    it('accepts a key given only as an x-goog-api-key header (Python SDK style) and lists it as a secret', async () => {
      const endpoint = await resolveEndpoint({ headers: { 'x-goog-api-key': 'header-key-1234' } });
      expect(endpoint.request.url).toBe(GEMINI_V1BETA);
      expect(endpoint.secrets).toContain('header-key-1234');
    });

    it('lists the credential of an Authorization header, with and without its scheme', async () => {
      const { secrets } = await resolveEndpoint({ apiKey: KEY, headers: { Authorization: 'Token auth_tokens/xyz987' } });
      expect(secrets).toEqual(expect.arrayContaining(['Token auth_tokens/xyz987', 'auth_tokens/xyz987']));
    });

    it('omits gl-node outside Node (browser-safe detection, no process import)', async () => {
      const runtime = globalThis as { process?: unknown };
      const saved = runtime.process;
      let pending: Promise<ResolvedEndpoint>;
      try {
        runtime.process = undefined;
        // The headers are computed synchronously, before the first await inside resolveEndpoint.
        pending = resolveEndpoint({ apiKey: KEY });
      } finally {
        runtime.process = saved;
      }
      const { request } = await pending;
      expect(request.headers['user-agent']).toBe(`rx-gemini-live/${LIBRARY_VERSION}`);
    });

    it.each([
      [{ 'X-Bad': 'a\r\nInjected: yes' }, 'headers.x-bad', 'without line breaks'],
      [{ 'X-Twice': 'a', 'x-twice': 'b' }, 'headers.x-twice', 'twice'],
      [{ Upgrade: 'websocket' }, 'headers.upgrade', 'handshake'],
      [{ 'Sec-WebSocket-Key': 'abc' }, 'headers.sec-websocket-key', 'handshake'],
      [{ 'bad name': 'x' }, 'headers', 'not a valid HTTP token'],
    ])('refuses %j', async (headers, path, message) => {
      const error = await configErrorOf(() => resolveEndpoint({ apiKey: KEY, headers }));
      expect(error.path).toBe(path);
      expect(error.message).toContain(message);
    });
  });

  describe('invalid options', () => {
    it('needs some credential', async () => {
      const error = await configErrorOf(() => resolveEndpoint({}));
      expect(error.path).toBe('apiKey');
    });

    it.each([
      ['a trailing newline', `${KEY}\n`],
      ['a Bearer prefix', `Bearer ${KEY}`],
      ['a space', 'AIza key'],
      ['an empty string', ''],
    ])('refuses an apiKey with %s, without echoing it', async (_what, apiKey) => {
      const error = await configErrorOf(() => resolveEndpoint({ apiKey }));
      expect(error.path).toBe('apiKey');
      if (apiKey !== '') expect(error.message).not.toContain(apiKey.trim());
    });

    it.each(['', 'v1/../v2', 'v1 beta'])('refuses apiVersion %j', async (apiVersion) => {
      const error = await configErrorOf(() => resolveEndpoint({ apiKey: KEY, apiVersion }));
      expect(error.path).toBe('apiVersion');
    });
  });
});

describe('resolveEndpoint: Vertex AI', () => {
  it.each([
    ['us-central1', 'us-central1-aiplatform.googleapis.com'],
    ['europe-west4', 'europe-west4-aiplatform.googleapis.com'],
    ['global', 'aiplatform.googleapis.com'],
    ['us', 'aiplatform.us.rep.googleapis.com'],
    ['eu', 'aiplatform.eu.rep.googleapis.com'],
  ])('picks the host for location %s', async (location, host) => {
    const endpoint = await resolveEndpoint({ vertex: { project: 'my-project', location, accessToken: 'ya29.token-value' } });
    expect(endpoint.request.url).toBe(`wss://${host}${VERTEX_PATH}`);
    expect(endpoint.request.headers.authorization).toBe('Bearer ya29.token-value');
    expect(endpoint.backend).toEqual({ kind: 'vertex', project: 'my-project', location });
    expect(endpoint.secrets).toContain('ya29.token-value');
    expect(printable(endpoint)).not.toContain('ya29.token-value');
  });

  it('defaults the location to global, and reports it in the backend', async () => {
    const endpoint = await resolveEndpoint({ vertex: { project: 'my-project', accessToken: 'ya29.token-value' } });
    expect(endpoint.request.url).toBe(`wss://aiplatform.googleapis.com${VERTEX_PATH}`);
    expect(endpoint.backend).toEqual({ kind: 'vertex', project: 'my-project', location: 'global' });
    expect(resolveBackend({ vertex: { project: 'my-project', accessToken: 'x' } })).toEqual(endpoint.backend);
  });

  it('uses a custom apiVersion', async () => {
    const { request } = await resolveEndpoint({
      vertex: { project: 'p', location: 'us-central1', accessToken: 'tok-1234' },
      apiVersion: 'v1',
    });
    expect(request.url).toBe('wss://us-central1-aiplatform.googleapis.com/ws/google.cloud.aiplatform.v1.LlmBidiService/BidiGenerateContent');
  });

  it('calls an access token getter once per resolve, so a reconnect gets a fresh token', async () => {
    let calls = 0;
    const options: LiveEndpointOptions = {
      vertex: { project: 'p', location: 'us-central1', accessToken: async () => `token-number-${++calls}` },
    };
    const first = await resolveEndpoint(options);
    const second = await resolveEndpoint(options);
    expect(calls).toBe(2);
    expect(first.request.headers.authorization).toBe('Bearer token-number-1');
    expect(second.request.headers.authorization).toBe('Bearer token-number-2');
    expect(second.secrets).toContain('token-number-2');
  });

  it('accepts a synchronous getter', async () => {
    const { request } = await resolveEndpoint({ vertex: { project: 'p', location: 'us', accessToken: () => 'sync-token' } });
    expect(request.headers.authorization).toBe('Bearer sync-token');
  });

  it('turns a failing getter into a LiveConfigError with the failure as cause', async () => {
    const failure = new Error('Could not load the default credentials');
    const error = await configErrorOf(() =>
      resolveEndpoint({ vertex: { project: 'p', location: 'us-central1', accessToken: () => Promise.reject(failure) } }),
    );
    expect(error.path).toBe('vertex.accessToken');
    expect(error.message).toContain('Could not load the default credentials');
    expect(error.cause).toBe(failure);
  });

  it('redacts known secrets and credential query parameters from a getter failure', async () => {
    const error = await configErrorOf(() =>
      resolveEndpoint({
        vertex: {
          project: 'p',
          location: 'us-central1',
          accessToken: () => {
            throw new Error('refresh failed for https://oauth2.example/token?access_token=leaked-value-1');
          },
        },
        headers: { cookie: 'session-cookie-value' },
      }),
    );
    expect(error.message).not.toContain('leaked-value-1');
  });

  it.each([
    ['an empty string', ''],
    ['undefined', undefined],
    ['a Bearer-prefixed token', 'Bearer ya29.secret-token'],
  ])('refuses a getter returning %s, without echoing it', async (_what, value) => {
    const getter = (() => value) as () => string;
    const error = await configErrorOf(() => resolveEndpoint({ vertex: { project: 'p', location: 'us-central1', accessToken: getter } }));
    expect(error.path).toBe('vertex.accessToken');
    expect(error.message).not.toContain('ya29.secret-token');
  });

  it('uses express mode for an API key without a project: global host, x-goog-api-key header', async () => {
    const endpoint = await resolveEndpoint({ vertex: { apiKey: 'express-key-123' } });
    expect(endpoint.request.url).toBe(`wss://aiplatform.googleapis.com${VERTEX_PATH}`);
    expect(endpoint.request.headers['x-goog-api-key']).toBe('express-key-123');
    expect(endpoint.request.headers.authorization).toBeUndefined();
    expect(endpoint.backend).toEqual({ kind: 'vertex', project: undefined, location: undefined });
    expect(endpoint.secrets).toContain('express-key-123');
    expect(printable(endpoint)).not.toContain('express-key-123');
  });

  it('keeps the global host in express mode whatever the location', async () => {
    const { request } = await resolveEndpoint({ vertex: { apiKey: 'express-key-123', location: 'us-central1' } });
    expect(request.url).toBe(`wss://aiplatform.googleapis.com${VERTEX_PATH}`);
  });

  it('uses a baseUrl as the host when project and location are given', async () => {
    const { request } = await resolveEndpoint({
      vertex: { project: 'p', location: 'us-central1', accessToken: 'tok-1234' },
      baseUrl: 'http://127.0.0.1:7000/prefix/',
    });
    expect(request.url).toBe(`ws://127.0.0.1:7000/prefix${VERTEX_PATH}`);
  });

  describe('proxy mode (baseUrl, neither project+location nor apiKey)', () => {
    it('connects to the baseUrl exactly and authenticates with the given headers only', async () => {
      const endpoint = await resolveEndpoint({
        vertex: {},
        baseUrl: 'https://proxy.example.com/live/socket?tenant=a&key=proxy-secret-1',
        headers: { Authorization: 'Bearer proxy-bearer-99' },
      });
      expect(endpoint.request.url).toBe('wss://proxy.example.com/live/socket?tenant=a&key=proxy-secret-1');
      expect(endpoint.request.headers).toEqual({
        'content-type': 'application/json',
        'user-agent': expect.stringMatching(CLIENT_LABEL),
        'x-goog-api-client': expect.stringMatching(CLIENT_LABEL),
        Authorization: 'Bearer proxy-bearer-99',
      });
      expect(endpoint.backend).toEqual({ kind: 'vertex' });
      expect(endpoint.displayUrl).toBe('wss://proxy.example.com/live/socket?tenant=a&key=[REDACTED]');
      expect(endpoint.secrets).toContain('proxy-bearer-99');
    });

    it('adds an access token if one is given, rather than dropping it', async () => {
      const { request } = await resolveEndpoint({ vertex: { accessToken: 'tok-1234' }, baseUrl: 'http://127.0.0.1:7000' });
      expect(request.url).toBe('ws://127.0.0.1:7000/');
      expect(request.headers.authorization).toBe('Bearer tok-1234');
    });

    it('refuses a lone project or location, which the SDK would silently drop', async () => {
      const error = await configErrorOf(() => resolveEndpoint({ vertex: { project: 'p' }, baseUrl: 'https://proxy.example.com' }));
      expect(error.path).toBe('vertex');
    });
  });

  describe('invalid options', () => {
    it.each<[string, LiveEndpointOptions, string]>([
      ['a top-level apiKey', { apiKey: KEY, vertex: { project: 'p', location: 'us', accessToken: 't' } }, 'apiKey'],
      ['both apiKey and accessToken', { vertex: { apiKey: 'k-12345', accessToken: 't-12345' } }, 'vertex'],
      ['no project, key nor baseUrl', { vertex: { accessToken: 't-12345' } }, 'vertex.project'],
      ['no credential', { vertex: { project: 'p', location: 'us-central1' } }, 'vertex.accessToken'],
      [
        'an Authorization header besides accessToken',
        { vertex: { project: 'p', location: 'us', accessToken: 't-12345' }, headers: { Authorization: 'Bearer other-token' } },
        'headers.authorization',
      ],
      ['an x-goog-api-key header besides apiKey', { vertex: { apiKey: 'k-12345' }, headers: { 'X-Goog-Api-Key': 'other-key' } }, 'headers.x-goog-api-key'],
      ['an ephemeral token', { vertex: { apiKey: TOKEN } }, 'vertex.apiKey'],
      ['a location that is not a host label', { vertex: { project: 'p', location: 'us central1', accessToken: 't' } }, 'vertex.location'],
      ['a project with a slash', { vertex: { project: 'p/x', location: 'us', accessToken: 't' } }, 'vertex.project'],
      ['an accessToken with a newline', { vertex: { project: 'p', location: 'us', accessToken: 'tok-1234\n' } }, 'vertex.accessToken'],
      ['a query on a non-proxy baseUrl', { vertex: { apiKey: 'k-12345' }, baseUrl: 'https://x.example/?a=1' }, 'baseUrl'],
    ])('refuses %s', async (_what, options, path) => {
      const error = await configErrorOf(() => resolveEndpoint(options));
      expect(error.path).toBe(path);
      expect(error.message).not.toMatch(/k-12345|t-12345|other-token|other-key|tok-1234/);
    });

    it('accepts a project with credentials in headers', async () => {
      const { request } = await resolveEndpoint({ vertex: { project: 'p', location: 'us' }, headers: { Authorization: 'Bearer from-header' } });
      expect(request.headers.Authorization).toBe('Bearer from-header');
    });
  });
});

describe('validateEndpointOptions', () => {
  it('throws synchronously, without calling the token getter', () => {
    const getter = jest.fn(() => 'token');
    expect(() => validateEndpointOptions({ apiKey: KEY, vertex: { project: 'p', accessToken: getter } })).toThrow(LiveConfigError);
    expect(() => validateEndpointOptions({ vertex: { project: 'p', location: 'us', accessToken: getter } })).not.toThrow();
    expect(getter).not.toHaveBeenCalled();
  });

  it('accepts what resolveEndpoint accepts', () => {
    expect(() => validateEndpointOptions({ apiKey: KEY })).not.toThrow();
    expect(() => validateEndpointOptions({ apiKey: TOKEN, apiVersion: 'v1beta' })).not.toThrow();
    expect(() => validateEndpointOptions({ vertex: {}, baseUrl: 'https://proxy.example.com' })).not.toThrow();
  });
});

describe('secret hygiene', () => {
  const secretArbitrary = fc.stringMatching(/^[A-Za-z0-9_\-.~]{12,40}$/);

  it('never shows a key or token in displayUrl or backend', async () => {
    await fc.assert(
      fc.asyncProperty(secretArbitrary, fc.boolean(), async (secret, ephemeral) => {
        const apiKey = ephemeral ? `auth_tokens/${secret}` : secret;
        const endpoint = await resolveEndpoint({ apiKey });
        expect(printable(endpoint)).not.toContain(secret);
        const vertex = await resolveEndpoint({ vertex: { project: 'p', location: 'us-central1', accessToken: async () => secret } });
        expect(printable(vertex)).not.toContain(secret);
        expect(vertex.secrets).toContain(secret);
      }),
      { numRuns: 40 },
    );
  });

  it('never echoes a credential in a config error', async () => {
    await fc.assert(
      fc.asyncProperty(secretArbitrary, async (secret) => {
        const failures: (() => unknown)[] = [
          () => resolveEndpoint({ apiKey: `${secret} ` }),
          () => resolveEndpoint({ apiKey: secret, vertex: { apiKey: secret } }),
          () => resolveEndpoint({ vertex: { apiKey: secret, accessToken: secret } }),
          () => resolveEndpoint({ apiKey: secret, baseUrl: `https://example.com/?key=${secret}` }),
          () => resolveEndpoint({ apiKey: secret, baseUrl: `https://u:${secret}@example.com` }),
          () => resolveEndpoint({ vertex: { project: 'p', location: 'us', accessToken: () => `Bearer ${secret}` } }),
        ];
        for (const fail of failures) {
          const error = await configErrorOf(fail);
          expect(error.message).not.toContain(secret);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('LIBRARY_VERSION', () => {
  it('equals the package version', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: LIBRARY_VERSION });
  });
});

/** What a local Live mock saw of one upgrade request. */
interface CapturedUpgrade {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * Runs `@google/genai@3.1.0`'s `live.connect` against a local mock and returns the upgrade it sent
 * (PROTOCOL.md §1.5). The mock answers `setup` with `setupComplete`, then the session is closed.
 */
async function captureSdkUpgrade(options: GoogleGenAIOptions, baseUrlPath = ''): Promise<CapturedUpgrade> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const upgraded = new Promise<{ captured: CapturedUpgrade; socket: WebSocket }>((resolve) => {
      server.once('connection', (socket, request) => {
        socket.on('message', (data) => {
          if ('setup' in (JSON.parse(String(data)) as object)) socket.send('{"setupComplete":{}}');
        });
        resolve({ captured: { path: request.url ?? '', headers: request.headers }, socket });
      });
    });
    const ai = new GoogleGenAI({
      ...options,
      httpOptions: { ...options.httpOptions, baseUrl: `http://127.0.0.1:${port}${baseUrlPath}` },
    });
    const session = await ai.live.connect({ model: 'gemini-live-2.5-flash-preview', callbacks: { onmessage: () => undefined } });
    const { captured, socket } = await upgraded;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    session.close();
    await closed;
    return captured;
  } finally {
    warn.mockRestore();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Path and query of our URL for the same options, with a `baseUrl` that has the same path. */
async function ourPath(options: LiveEndpointOptions, baseUrlPath = ''): Promise<string> {
  const url = new URL((await resolveEndpoint({ ...options, baseUrl: `http://127.0.0.1:1${baseUrlPath}` })).request.url);
  return `${url.pathname}${url.search}`;
}

/** The SDK writes `//ws/…` after the base URL's path (PROTOCOL.md §1.4); we write one slash. */
function withoutSdkDoubleSlash(path: string): string {
  return path.replace(/\/\/ws\//, '/ws/');
}

describe('wire equality with @google/genai@3.1.0 (local mock)', () => {
  it.each(['v1beta', 'v1alpha', 'v1'])('API key, apiVersion %s: same path and query', async (apiVersion) => {
    const sdk = await captureSdkUpgrade({ apiKey: KEY, httpOptions: { apiVersion } });
    expect(withoutSdkDoubleSlash(sdk.path)).toBe(await ourPath({ apiKey: KEY, apiVersion }));
    expect(sdk.path.startsWith('//ws/')).toBe(true);
  });

  it('ephemeral token on v1alpha: same path and query', async () => {
    const sdk = await captureSdkUpgrade({ apiKey: TOKEN, httpOptions: { apiVersion: 'v1alpha' } });
    expect(withoutSdkDoubleSlash(sdk.path)).toBe(await ourPath({ apiKey: TOKEN }));
  });

  it('a baseUrl with a path prefix: same path and query', async () => {
    const sdk = await captureSdkUpgrade({ apiKey: KEY, httpOptions: { apiVersion: 'v1beta' } }, '/prefix');
    expect(sdk.path).toBe(await ourPath({ apiKey: KEY, apiVersion: 'v1beta' }, '/prefix'));
  });

  it('the same content-type, extra headers and no credential header', async () => {
    const sdk = await captureSdkUpgrade({ apiKey: KEY, httpOptions: { apiVersion: 'v1beta', headers: { 'X-Custom': 'c1' } } });
    const ours = (await resolveEndpoint({ apiKey: KEY, headers: { 'X-Custom': 'c1' } })).request.headers;
    expect(ours['content-type']).toBe(sdk.headers['content-type']);
    expect(ours['X-Custom']).toBe(sdk.headers['x-custom']);
    expect(sdk.headers['x-goog-api-key']).toBeUndefined();
    expect(sdk.headers['x-goog-api-client']).toMatch(/^google-genai-sdk\/3\.1\.0 gl-node\//);
  });

  it('Vertex express mode: same path and x-goog-api-key header', async () => {
    const sdk = await captureSdkUpgrade({ vertexai: true, apiKey: 'express-key-123', httpOptions: { apiVersion: 'v1beta1' } });
    expect(withoutSdkDoubleSlash(sdk.path)).toBe(await ourPath({ vertex: { apiKey: 'express-key-123' } }));
    expect(sdk.headers['x-goog-api-key']).toBe('express-key-123');
    expect((await resolveEndpoint({ vertex: { apiKey: 'express-key-123' } })).request.headers['x-goog-api-key']).toBe('express-key-123');
  });

  it('Vertex proxy mode: the base URL exactly', async () => {
    const sdk = await captureSdkUpgrade(
      { vertexai: true, httpOptions: { headers: { Authorization: 'Bearer proxy-token' } } },
      '/live/socket',
    );
    const ours = await ourPath({ vertex: {}, headers: { Authorization: 'Bearer proxy-token' } }, '/live/socket');
    expect(sdk.path).toBe(ours);
    expect(sdk.headers.authorization).toBe('Bearer proxy-token');
  });
});
