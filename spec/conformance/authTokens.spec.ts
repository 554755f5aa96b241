/**
 * Conformance of `createAuthToken`: for the same arguments, the request we send to
 * `v1alpha/auth_tokens` must equal, as parsed JSON, what `@google/genai` 3.1.0's
 * `ai.authTokens.create` sends (PROTOCOL.md §1.2), `bidiGenerateContentSetup` and `fieldMask`
 * included. Both clients run against the same capturing HTTP server on 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CreateAuthTokenConfig, GoogleGenAI } from '@google/genai';
import { createAuthToken, type CreateAuthTokenOptions, LiveAuthTokenError, LiveConfigError } from '../../lib/node';

const API_KEY = 'AIzaConformanceKey0123456789abcdefghijk';

interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

interface TokenServer {
  readonly baseUrl: string;
  readonly requests: CapturedRequest[];
  /** What the next requests are answered with. */
  answer: { status: number; body: string };
  close(): Promise<void>;
}

async function startTokenServer(): Promise<TokenServer> {
  const requests: CapturedRequest[] = [];
  const state = { answer: { status: 200, body: '{"name":"auth_tokens/captured-token"}' } };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text === '' ? undefined : JSON.parse(text) });
      response.writeHead(state.answer.status, { 'content-type': 'application/json', connection: 'close' });
      response.end(state.answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    get answer() {
      return state.answer;
    },
    set answer(value) {
      state.answer = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let server: TokenServer;
beforeEach(async () => {
  server = await startTokenServer();
});
afterEach(() => server.close());

const MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
const IN_AN_HOUR = new Date(Date.UTC(2030, 0, 1, 13, 0, 0));
const IN_A_MINUTE = new Date(Date.UTC(2030, 0, 1, 12, 1, 0));

/** Our arguments; the SDK gets the same with Dates as ISO strings. */
const CASES: readonly (readonly [name: string, ours: Omit<CreateAuthTokenOptions, 'apiKey'>])[] = [
  ['no arguments: the service defaults apply', {}],
  ['uses and both times as Dates', { uses: 1, expireTime: IN_AN_HOUR, newSessionExpireTime: IN_A_MINUTE }],
  ['times as RFC 3339 strings with an offset, unlimited uses', { uses: 0, expireTime: '2030-01-01T14:00:00+01:00', newSessionExpireTime: '2030-01-01T12:00:30.5Z' }],
  ['a locked model and config: no fieldMask, the whole setup is locked', {
    uses: 2,
    liveConnectConstraints: { model: MODEL, config: { responseModalities: ['AUDIO'], systemInstruction: 'Answer in French.', temperature: 0.4 } },
  }],
  ['lockAdditionalFields [] locks the fields the setup sets', {
    liveConnectConstraints: {
      model: MODEL,
      config: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        sessionResumption: {},
        inputAudioTranscription: {},
        outputAudioTranscription: {},
        contextWindowCompression: { slidingWindow: {} },
        tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'OBJECT' as never, properties: { city: { type: 'STRING' as never } } } }] }],
      },
    },
    lockAdditionalFields: [],
  }],
  ['lockAdditionalFields with generation fields gets their generationConfig. prefix', {
    liveConnectConstraints: { model: MODEL, config: { responseModalities: ['TEXT'], temperature: 0.2 } },
    lockAdditionalFields: ['temperature', 'topK', 'systemInstruction', 'speechConfig'],
  }],
  ['generationConfig given whole and flat fields merged into it', {
    liveConnectConstraints: { model: MODEL, config: { generationConfig: { temperature: 0.1, maxOutputTokens: 100 }, seed: 7 } },
    lockAdditionalFields: [],
  }],
  ['constraints without a model', { liveConnectConstraints: { config: { responseModalities: ['AUDIO'] } }, lockAdditionalFields: [] }],
  ['constraints that set nothing send no setup', { liveConnectConstraints: { config: {} }, lockAdditionalFields: ['temperature'] }],
  ['lockAdditionalFields without constraints are sent as they are', { lockAdditionalFields: ['temperature', 'responseModalities'] }],
  ['a model only', { liveConnectConstraints: { model: `models/${MODEL}` }, lockAdditionalFields: [] }],
];

function sdkConfig(ours: Omit<CreateAuthTokenOptions, 'apiKey'>): CreateAuthTokenConfig {
  const iso = (time: Date | string | undefined): string | undefined => (time instanceof Date ? time.toISOString() : time);
  const { liveConnectConstraints, lockAdditionalFields, uses } = ours;
  return {
    uses,
    expireTime: iso(ours.expireTime),
    newSessionExpireTime: iso(ours.newSessionExpireTime),
    liveConnectConstraints: liveConnectConstraints as CreateAuthTokenConfig['liveConnectConstraints'],
    lockAdditionalFields: lockAdditionalFields === undefined ? undefined : [...lockAdditionalFields],
  };
}

describe('createAuthToken sends what ai.authTokens.create sends', () => {
  it.each(CASES)('%s', async (_name, ours) => {
    // `fetch` given: the SDK's default undici dispatcher lives outside Jest's sandbox. The request is the same.
    const ai = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: server.baseUrl, apiVersion: 'v1alpha', fetch: (url, init) => fetch(url, init) } });
    const sdkToken = await ai.authTokens.create({ config: sdkConfig(ours) });
    const ourToken = await createAuthToken({ apiKey: API_KEY, baseUrl: server.baseUrl, ...ours });

    expect(ourToken).toEqual(sdkToken);
    expect(ourToken.name).toBe('auth_tokens/captured-token');
    const [sdk, mine] = server.requests;
    expect(mine?.body).toEqual(sdk?.body);
    expect(mine?.method).toBe('POST');
    expect(mine?.url).toBe(sdk?.url);
    expect(mine?.url).toBe('/v1alpha/auth_tokens');
    // The key travels as the SDK sends it: in x-goog-api-key, never in the URL.
    expect(mine?.headers['x-goog-api-key']).toBe(API_KEY);
    expect(sdk?.headers['x-goog-api-key']).toBe(API_KEY);
    expect(mine?.headers['content-type']).toBe('application/json');
  });

  it('sends the fieldMask string in the SDK’s order, duplicates included', async () => {
    await createAuthToken({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      liveConnectConstraints: { model: MODEL, config: { responseModalities: ['TEXT'], temperature: 0.5, systemInstruction: 'hi', sessionResumption: {} } },
      lockAdditionalFields: ['temperature', 'labels'],
    });
    expect(server.requests[0]?.body).toEqual({
      bidiGenerateContentSetup: {
        model: `models/${MODEL}`,
        generationConfig: { responseModalities: ['TEXT'], temperature: 0.5 },
        systemInstruction: { parts: [{ text: 'hi' }], role: 'user' },
        sessionResumption: {},
      },
      fieldMask:
        'model,generationConfig.responseModalities,generationConfig.temperature,systemInstruction.parts,systemInstruction.role,sessionResumption,generationConfig.temperature,labels',
    });
  });

  it('adds the caller’s headers, and a base URL path prefix is kept', async () => {
    await createAuthToken({ apiKey: API_KEY, baseUrl: `${server.baseUrl}/proxy/`, headers: { 'X-Request-Id': 'r-1' } });
    expect(server.requests[0]?.url).toBe('/proxy/v1alpha/auth_tokens');
    expect(server.requests[0]?.headers['x-request-id']).toBe('r-1');
  });
});

describe('createAuthToken failures', () => {
  it('an HTTP error becomes a LiveAuthTokenError with the status and the service’s message, key redacted', async () => {
    server.answer = {
      status: 400,
      body: JSON.stringify({ error: { code: 400, message: `API key not valid. Please pass a valid API key. (${API_KEY})`, status: 'INVALID_ARGUMENT' } }),
    };
    const error = await createAuthToken({ apiKey: API_KEY, baseUrl: server.baseUrl }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LiveAuthTokenError);
    expect(error).toMatchObject({ kind: 'auth-token', httpStatus: 400, serverStatus: 'INVALID_ARGUMENT', retryable: false });
    expect((error as LiveAuthTokenError).serverMessage).toBe('API key not valid. Please pass a valid API key. ([REDACTED])');
    expect(String(error)).toContain('HTTP 400');
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(API_KEY.slice(4, 16));
  });

  it.each([
    [429, true],
    [503, true],
    [403, false],
  ])('HTTP %i is retryable: %s; a body that is not JSON is quoted', async (status, retryable) => {
    server.answer = { status, body: 'upstream says no' };
    const error = await createAuthToken({ apiKey: API_KEY, baseUrl: server.baseUrl }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ httpStatus: status, retryable, serverMessage: 'upstream says no', serverStatus: undefined });
  });

  it('an answer without an auth_tokens/… name is an error, not a token', async () => {
    server.answer = { status: 200, body: '{"token":"nope"}' };
    await expect(createAuthToken({ apiKey: API_KEY, baseUrl: server.baseUrl })).rejects.toMatchObject({ kind: 'auth-token', httpStatus: 200 });
  });

  it('no server: a retryable LiveAuthTokenError without a status', async () => {
    const closed = await startTokenServer();
    await closed.close();
    const error = await createAuthToken({ apiKey: API_KEY, baseUrl: closed.baseUrl }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LiveAuthTokenError);
    expect(error).toMatchObject({ httpStatus: undefined, retryable: true });
    expect(String(error)).not.toContain(API_KEY);
  });

  it('an aborted request rejects with a non-retryable LiveAuthTokenError', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await createAuthToken({ apiKey: API_KEY, baseUrl: server.baseUrl, signal: controller.signal }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'auth-token', retryable: false, httpStatus: undefined });
    expect(String(error)).toContain('aborted');
  });

  it.each<[string, Partial<CreateAuthTokenOptions>, string]>([
    ['no key', { apiKey: '' }, 'apiKey'],
    ['a key with a trailing newline', { apiKey: `${API_KEY}\n` }, 'apiKey'],
    ['an ephemeral token as the key', { apiKey: 'auth_tokens/abc' }, 'apiKey'],
    ['Vertex AI', { vertex: { project: 'p', location: 'us-central1' } }, 'vertex'],
    ['uses below 0', { uses: -1 }, 'uses'],
    ['fractional uses', { uses: 1.5 }, 'uses'],
    ['an invalid Date', { expireTime: new Date(Number.NaN) }, 'expireTime'],
    ['a time that is not RFC 3339', { newSessionExpireTime: 'tomorrow' }, 'newSessionExpireTime'],
    ['a time without a zone', { expireTime: '2030-01-01T12:00:00' }, 'expireTime'],
    ['lockAdditionalFields not a list', { lockAdditionalFields: 'temperature' as never }, 'lockAdditionalFields'],
    ['a bad config field', { liveConnectConstraints: { model: MODEL, config: { responseModalities: ['TEXT', 'AUDIO'] } } }, 'liveConnectConstraints.config.responseModalities'],
    ['a Vertex-only config field', { liveConnectConstraints: { config: { explicitVadSignal: true } } }, 'liveConnectConstraints.config.explicitVadSignal'],
    ['a bad model', { liveConnectConstraints: { model: 'a?b' } }, 'liveConnectConstraints.model'],
    ['a base URL with a query', { baseUrl: 'http://127.0.0.1:1/?key=x' }, 'baseUrl'],
    ['a header we set ourselves', { headers: { 'X-Goog-Api-Key': 'other' } }, 'headers.x-goog-api-key'],
  ])('%s: LiveConfigError before any request', async (_name, bad, path) => {
    const error = await createAuthToken({ apiKey: API_KEY, baseUrl: server.baseUrl, ...bad }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LiveConfigError);
    expect((error as LiveConfigError).path).toBe(path);
    expect(server.requests).toHaveLength(0);
  });
});
