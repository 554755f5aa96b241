/**
 * Conformance: for the same model, config and sends, the frames we produce must equal, as parsed JSON,
 * the frames `@google/genai` 3.1.0 puts on the wire (DESIGN.md §2), except for the SDK bugs we fix on
 * purpose, which each scenario that shows one asserts explicitly (`difference`).
 *
 * The SDK side really connects: it runs against `captureServer` on 127.0.0.1, which records its frames.
 * Our side is a real `liveSession` from the Node entry, driven against the same capture server: the
 * request URL and credential headers, and every frame, must match the SDK's.
 *
 * Vertex AI: the SDK is constructed with `vertexai: true`, a project and a location, and a fake
 * google-auth-library client (`googleAuthOptions.authClient`) whose `getRequestHeaders` returns
 * `Authorization: Bearer fake-vertex-token`, so no credentials or network are needed. Each Vertex
 * scenario checks that the header reached the server.
 */
import { GoogleGenAI, type GoogleGenAIOptions, type LiveConnectConfig as SdkLiveConnectConfig, type Session } from '@google/genai';
import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { liveSession } from '../../lib/node';
import { LiveClientMessage } from '../../lib/protocol/clientMessages';
import type { LiveConnectConfig, Tool } from '../../lib/protocol/liveConnectConfig';
import type { LiveClientContentInput } from '../../lib/protocol/toClientContent';
import type { LiveContextUpdateInput } from '../../lib/protocol/toContextUpdate';
import type { LiveRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import type { LiveToolResponseInput } from '../../lib/protocol/toToolResponse';
import type { LiveSessionOptions } from '../../lib/session/options';
import { type CaptureServer, type CapturedConnection, startCaptureServer } from '../support/captureServer';

// -------------------------------------------------------------------------------------------------
// scenarios
// -------------------------------------------------------------------------------------------------

type Client =
  | { readonly kind: 'apiKey' }
  | { readonly kind: 'ephemeralToken' }
  | { readonly kind: 'vertex'; readonly project: string; readonly location: string };

type Send =
  | { readonly kind: 'clientContent'; readonly params: LiveClientContentInput | undefined }
  | { readonly kind: 'realtimeInput'; readonly params: LiveRealtimeInput }
  | { readonly kind: 'toolResponse'; readonly params: LiveToolResponseInput }
  | { readonly kind: 'contextUpdate'; readonly params: LiveContextUpdateInput };

/** A deliberate difference from the SDK (PROTOCOL.md §3.1, buildSetup.ts). */
interface KnownDifference {
  readonly because: string;
  /** Asserts that the difference is there, and returns our frames as the SDK would have sent them. */
  expectAndUndo(ours: Frame[], sdk: readonly Frame[]): Frame[];
}

interface Scenario {
  readonly name: string;
  readonly client: Client;
  readonly model: string;
  readonly config?: LiveConnectConfig;
  readonly sends?: readonly Send[];
  readonly difference?: KnownDifference;
}

type Frame = Record<string, unknown>;

const API_KEY: Client = { kind: 'apiKey' };
const EPHEMERAL_TOKEN: Client = { kind: 'ephemeralToken' };
const VERTEX: Client = { kind: 'vertex', project: 'my-project', location: 'us-central1' };
const MODEL = 'gemini-live-2.5-flash-preview';
const FAKE_BEARER = 'Bearer fake-vertex-token';

const PCM: LiveRealtimeInput = { audio: { data: 'AAAAAAAA', mimeType: 'audio/pcm;rate=16000' } };
const JPEG: LiveRealtimeInput = { video: { data: '/9j/4AAQ', mimeType: 'image/jpeg' } };

const weatherTool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
      behavior: 'NON_BLOCKING' as const,
    },
  ],
};

/** A tool kind no SDK knows yet. */
const futureTool: Tool = JSON.parse('{"someFutureTool":{"level":2}}') as Tool;

const connectScenarios: readonly Scenario[] = [
  { name: 'API key, no config', client: API_KEY, model: MODEL },
  { name: 'API key, models/ resource name', client: API_KEY, model: 'models/gemini-2.0-flash-live-001', config: {} },
  { name: 'API key, tuned model', client: API_KEY, model: 'tunedModels/my-tuned-model' },
  { name: 'ephemeral token', client: EPHEMERAL_TOKEN, model: MODEL, config: { responseModalities: ['AUDIO'] } },
  {
    name: 'flat generation fields',
    client: API_KEY,
    model: MODEL,
    config: {
      responseModalities: ['TEXT'],
      temperature: 0.7,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 1024,
      seed: 42,
      mediaResolution: 'MEDIA_RESOLUTION_LOW',
    },
  },
  {
    name: 'speech, thinking, affective dialog and translation',
    client: API_KEY,
    model: 'gemini-2.5-flash-native-audio-preview-09-2025',
    config: {
      responseModalities: ['AUDIO'],
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } }, languageCode: 'en-US' },
      thinkingConfig: { thinkingBudget: 0, includeThoughts: false },
      enableAffectiveDialog: true,
      translationConfig: { targetLanguageCode: 'fr-FR', echoTargetLanguage: true },
    },
  },
  {
    name: 'Gemini 3.1 thinking level',
    client: API_KEY,
    model: 'gemini-3.1-flash-live-preview',
    config: { thinkingConfig: { thinkingLevel: 'MINIMAL' } },
  },
  {
    name: 'deprecated generationConfig merged with the flat fields',
    client: API_KEY,
    model: MODEL,
    config: {
      generationConfig: { temperature: 0.2, candidateCount: 1, speechConfig: { languageCode: 'en-US' } },
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } },
      responseModalities: ['AUDIO'],
      topK: 10,
    },
  },
  { name: 'systemInstruction as text', client: API_KEY, model: MODEL, config: { systemInstruction: 'You are terse.' } },
  { name: 'systemInstruction as a Part', client: API_KEY, model: MODEL, config: { systemInstruction: { text: 'Be kind.' } } },
  {
    name: 'systemInstruction as text and Parts',
    client: API_KEY,
    model: MODEL,
    config: { systemInstruction: ['First rule.', { text: 'Second rule.' }] },
  },
  {
    name: 'systemInstruction as a Content',
    client: API_KEY,
    model: MODEL,
    config: { systemInstruction: { role: 'user', parts: [{ text: 'One.' }, { text: 'Two.' }] } },
  },
  {
    name: 'function tools: OpenAPI schema, JSON-Schema spellings, $schema and parametersJsonSchema',
    client: API_KEY,
    model: MODEL,
    config: {
      tools: [
        weatherTool,
        {
          functionDeclarations: [
            {
              name: 'lookup',
              description: 'Search the catalogue',
              parameters: {
                type: 'object',
                properties: {
                  query: { type: ['string', 'null'], description: 'what to look for' },
                  tags: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }] },
                  either: { type: ['string', 'integer'] },
                  limit: { type: 'integer', minimum: 1 },
                  odd: { type: 'decimal' },
                },
                additionalProperties: false,
                required: ['query'],
              },
              response: { type: 'object', properties: { ok: { type: 'boolean' } } },
            },
            {
              name: 'raw_json_schema',
              parameters: {
                $schema: 'http://json-schema.org/draft-07/schema#',
                type: 'object',
                properties: { x: { type: 'number' } },
                additionalProperties: false,
              },
            },
            { name: 'json_schema_field', parametersJsonSchema: { type: 'object', properties: { y: { type: 'string' } } } },
          ],
        },
      ],
    },
  },
  {
    name: 'built-in tools',
    client: API_KEY,
    model: MODEL,
    config: {
      tools: [{ googleSearch: {} }, { codeExecution: {} }, { urlContext: {} }, { googleMaps: { enableWidget: true } }],
    },
  },
  { name: 'empty tools list', client: API_KEY, model: MODEL, config: { tools: [] } },
  { name: 'session resumption, first connect', client: API_KEY, model: MODEL, config: { sessionResumption: {} } },
  {
    name: 'session resumption with a handle',
    client: API_KEY,
    model: MODEL,
    config: { sessionResumption: { handle: 'prev-handle-123' } },
  },
  {
    name: 'session resumption with a null handle (both drop it on the Gemini API)',
    client: API_KEY,
    model: MODEL,
    config: { sessionResumption: { handle: null } },
  },
  {
    name: 'transcription, realtime input config, compression and proactivity',
    client: API_KEY,
    model: MODEL,
    config: {
      inputAudioTranscription: {},
      outputAudioTranscription: { languageCodes: ['en-US'] },
      realtimeInputConfig: {
        automaticActivityDetection: {
          disabled: false,
          startOfSpeechSensitivity: 'START_SENSITIVITY_LOW',
          endOfSpeechSensitivity: 'END_SENSITIVITY_HIGH',
          prefixPaddingMs: 20,
          silenceDurationMs: 500,
        },
        activityHandling: 'NO_INTERRUPTION',
        turnCoverage: 'TURN_INCLUDES_ALL_INPUT',
      },
      contextWindowCompression: { triggerTokens: '25600', slidingWindow: { targetTokens: '12800' } },
      proactivity: { proactiveAudio: true },
    },
  },
  {
    name: 'manual activity detection',
    client: API_KEY,
    model: MODEL,
    config: { realtimeInputConfig: { automaticActivityDetection: { disabled: true } } },
  },
  {
    name: 'avatar, safety settings and labels',
    client: API_KEY,
    model: MODEL,
    config: {
      avatarConfig: { avatarName: 'Kai', audioBitrateBps: 64000 },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
      labels: { team: 'voice' },
    },
  },
  {
    name: 'historyConfig: sent by us, dropped by the SDK',
    client: API_KEY,
    model: 'gemini-3.1-flash-live-preview',
    config: { responseModalities: ['AUDIO'], historyConfig: { initialHistoryInClientContent: true } },
    difference: {
      because: 'the SDK converter drops historyConfig, which Gemini 3.1 needs to seed history (PROTOCOL.md §3.1, §8)',
      expectAndUndo(ours, sdk) {
        expect(setupOf(sdk[0]).historyConfig).toBeUndefined();
        expect(setupOf(ours[0]).historyConfig).toEqual({ initialHistoryInClientContent: true });
        return withSetup(ours, ({ historyConfig: _dropped, ...rest }) => rest);
      },
    },
  },
  {
    name: 'unknown tool kind: passed on by us, emptied by the SDK',
    client: API_KEY,
    model: MODEL,
    config: { tools: [{ googleSearch: {} }, futureTool] },
    difference: {
      because: 'new tool kinds reach the server instead of being silently sent as {}',
      expectAndUndo(ours, sdk) {
        expect(setupOf(sdk[0]).tools).toEqual([{ googleSearch: {} }, {}]);
        expect(setupOf(ours[0]).tools).toEqual([{ googleSearch: {} }, { someFutureTool: { level: 2 } }]);
        return withSetup(ours, (setup) => ({ ...setup, tools: [{ googleSearch: {} }, {}] }));
      },
    },
  },
  { name: 'Vertex AI, no config (AUDIO by default)', client: VERTEX, model: 'gemini-2.0-flash-live-preview-04-09' },
  {
    name: 'Vertex AI, TEXT, explicit VAD signal and transparent resumption',
    client: VERTEX,
    model: 'gemini-live-2.5-flash',
    config: {
      responseModalities: ['TEXT'],
      explicitVadSignal: true,
      sessionResumption: { handle: 'h-1', transparent: true },
      safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'OFF', method: 'SEVERITY' }],
    },
  },
  { name: 'Vertex AI, owner/name model', client: VERTEX, model: 'google/gemini-live-2.5-flash' },
  {
    name: 'Vertex AI, full resource name',
    client: VERTEX,
    model: 'projects/other/locations/europe-west4/publishers/google/models/gemini-live-2.5-flash',
  },
  { name: 'Vertex AI, models/ name kept', client: VERTEX, model: 'models/gemini-live-2.5-flash' },
  {
    name: 'Vertex AI, global location, generationConfig.modelSelectionConfig sent as modelConfig',
    client: { kind: 'vertex', project: 'my-project', location: 'global' },
    model: 'gemini-live-2.5-flash',
    config: {
      generationConfig: { modelSelectionConfig: { featureSelectionPreference: 'PRIORITIZE_QUALITY' }, temperature: 0.3 },
      systemInstruction: 'Hello from Vertex.',
      tools: [weatherTool, { googleSearch: { excludeDomains: ['example.com'] } }],
    },
  },
  {
    name: 'Vertex AI, null resumption handle: dropped by us, sent by the SDK',
    client: VERTEX,
    model: 'gemini-live-2.5-flash',
    config: { sessionResumption: { handle: null } },
    difference: {
      because: 'an explicit null handle is rejected by the server (PROTOCOL.md §6.6); the SDK strips it on the Gemini API only',
      expectAndUndo(ours, sdk) {
        expect(setupOf(sdk[0]).sessionResumption).toEqual({ handle: null });
        expect(setupOf(ours[0]).sessionResumption).toEqual({});
        return withSetup(ours, (setup) => ({ ...setup, sessionResumption: { handle: null } }));
      },
    },
  },
  {
    name: 'Vertex AI, generationConfig.responseModalities: kept by us, overwritten with AUDIO by the SDK',
    client: VERTEX,
    model: 'gemini-live-2.5-flash',
    config: { generationConfig: { responseModalities: ['TEXT'] } },
    difference: {
      because: "the SDK's AUDIO default overwrites a modality set through the deprecated generationConfig",
      expectAndUndo(ours, sdk) {
        expect(setupOf(sdk[0]).generationConfig).toEqual({ responseModalities: ['AUDIO'] });
        expect(setupOf(ours[0]).generationConfig).toEqual({ responseModalities: ['TEXT'] });
        return withSetup(ours, (setup) => ({ ...setup, generationConfig: { responseModalities: ['AUDIO'] } }));
      },
    },
  },
];

const geminiSends: readonly Send[] = [
  { kind: 'clientContent', params: { turns: 'Hello' } },
  { kind: 'clientContent', params: { turns: ['Two', 'strings'], turnComplete: false } },
  { kind: 'clientContent', params: { turns: [{ text: 'A part' }, { inlineData: { data: 'iVBORw0K', mimeType: 'image/png' } }] } },
  {
    kind: 'clientContent',
    params: {
      turns: [
        { role: 'user', parts: [{ text: 'What is 2+2?' }] },
        { role: 'model', parts: [{ text: '4' }] },
      ],
      turnComplete: false,
    },
  },
  { kind: 'clientContent', params: { turns: { role: 'model', parts: [{ text: 'Prefilled answer' }] } } },
  {
    kind: 'clientContent',
    params: {
      turns: [
        { role: 'model', parts: [{ functionCall: { id: 'fc-0', name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'fc-0', name: 'get_weather', response: { output: 'sunny' } } }] },
      ],
    },
  },
  { kind: 'clientContent', params: {} },
  { kind: 'clientContent', params: undefined },
  { kind: 'clientContent', params: { turnComplete: false } },
  { kind: 'realtimeInput', params: PCM },
  { kind: 'realtimeInput', params: JPEG },
  { kind: 'realtimeInput', params: { text: 'realtime text' } },
  { kind: 'realtimeInput', params: { activityStart: {} } },
  { kind: 'realtimeInput', params: { activityEnd: {} } },
  { kind: 'realtimeInput', params: { audioStreamEnd: true } },
  { kind: 'realtimeInput', params: { media: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } } },
  {
    kind: 'toolResponse',
    params: { functionResponses: { id: 'fc-1', name: 'get_weather', response: { output: { temp: 21 } } } },
  },
  {
    kind: 'toolResponse',
    params: {
      functionResponses: [
        { id: 'fc-2', name: 'a', response: { output: 1 }, scheduling: 'WHEN_IDLE' },
        { id: 'fc-3', name: 'b', response: { error: 'nope' }, willContinue: false },
      ],
    },
  },
  {
    kind: 'contextUpdate',
    params: {
      systemInstruction: 'Now answer in French.',
      tools: { tools: [weatherTool, { functionDeclarations: [{ name: 'f', parameters: { type: 'object', additionalProperties: true } }] }] },
    },
  },
  { kind: 'contextUpdate', params: { systemInstruction: { role: 'user', parts: [{ text: 'Content form' }] } } },
];

const sendScenarios: readonly Scenario[] = [
  {
    name: 'every kind of send, API key',
    client: API_KEY,
    model: MODEL,
    config: { responseModalities: ['TEXT'] },
    sends: geminiSends,
  },
  {
    name: 'sends on Vertex AI (tool responses without id)',
    client: VERTEX,
    model: 'gemini-live-2.5-flash',
    sends: [
      { kind: 'clientContent', params: { turns: [{ role: 'user', parts: [{ text: 'Hi' }] }] } },
      { kind: 'realtimeInput', params: PCM },
      { kind: 'realtimeInput', params: { audioStreamEnd: true } },
      { kind: 'toolResponse', params: { functionResponses: [{ name: 'get_weather', response: { output: 'rain' } }] } },
      { kind: 'contextUpdate', params: { systemInstruction: ['Be brief.'], tools: { tools: [{ googleSearch: {} }] } } },
    ],
  },
  {
    name: 'Gemini 3.1 history seeding through clientContent',
    client: API_KEY,
    model: 'gemini-3.1-flash-live-preview',
    config: { historyConfig: { initialHistoryInClientContent: true } },
    sends: [
      {
        kind: 'clientContent',
        params: {
          turns: [
            { role: 'user', parts: [{ text: 'My name is Ada.' }] },
            { role: 'model', parts: [{ text: 'Nice to meet you, Ada.' }] },
          ],
          turnComplete: true,
        },
      },
      { kind: 'realtimeInput', params: { text: 'What is my name?' } },
    ],
    difference: {
      because: 'the SDK converter drops historyConfig (PROTOCOL.md §3.1, §8)',
      expectAndUndo(ours, sdk) {
        expect(setupOf(sdk[0]).historyConfig).toBeUndefined();
        expect(setupOf(ours[0]).historyConfig).toEqual({ initialHistoryInClientContent: true });
        return withSetup(ours, ({ historyConfig: _dropped, ...rest }) => rest);
      },
    },
  },
];

// -------------------------------------------------------------------------------------------------
// our side
// -------------------------------------------------------------------------------------------------

/**
 * The frames our library sends for `scenario`, as parsed JSON. Inputs are deep-frozen copies, which
 * also proves the conversions never modify what they are given.
 */
/**
 * Runs `scenario` through a real `liveSession` (the `ws`-backed Node entry) against `server`: the sink
 * values are given before subscribing, so they wait for `setupComplete` in the outbox, exactly as
 * the SDK's calls wait for `connect()`. Returns our (`index`-th) connection.
 */
async function ourConnection(scenario: Scenario, server: CaptureServer, index: number): Promise<CapturedConnection> {
  const session = liveSession({
    model: scenario.model,
    config: frozenCopy(scenario.config),
    baseUrl: server.baseUrl,
    ...ourCredentials(scenario.client),
  });
  const sends = scenario.sends ?? [];
  for (const send of sends) {
    const params = frozenCopy(send.params);
    switch (send.kind) {
      case 'clientContent':
        session.clientContent.next(params as LiveClientContentInput);
        break;
      case 'realtimeInput':
        session.realtimeInput.next(params as LiveRealtimeInput);
        break;
      case 'toolResponse':
        session.toolResponse.next(params as LiveToolResponseInput);
        break;
      case 'contextUpdate':
        session.contextUpdate.next(params as LiveContextUpdateInput);
        break;
    }
  }
  let reportFailure: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => (reportFailure = reject));
  const subscription = session.subscribe({ error: (error: unknown) => reportFailure(error) });
  const connection = await Promise.race([server.connection(index), failed]);
  await Promise.race([connection.framesReceived(1 + sends.length), failed]);
  subscription.unsubscribe();
  const closed = await connection.closed;
  expect(closed.code).toBe(1000);
  return connection;
}

function ourCredentials(client: Client): Pick<LiveSessionOptions, 'apiKey' | 'apiVersion' | 'vertex'> {
  switch (client.kind) {
    case 'apiKey':
      return { apiKey: 'FAKE_API_KEY', apiVersion: 'v1beta' };
    case 'ephemeralToken':
      return { apiKey: 'auth_tokens/fake-token', apiVersion: 'v1alpha' };
    case 'vertex':
      return {
        vertex: { project: client.project, location: client.location, accessToken: FAKE_BEARER.replace(/^Bearer /, '') },
        apiVersion: 'v1beta1',
      };
  }
}

/** The same request on both sides: URL (modulo the SDK's `//ws/`) and credential header. */
function expectSameRequest(ours: CapturedConnection, sdk: CapturedConnection): void {
  expect(ours.url).toBe(sdk.url.replace(/^\/\/ws\//, '/ws/'));
  expect(ours.headers.authorization).toBe(sdk.headers.authorization);
  expect(ours.headers['x-goog-api-key']).toBe(sdk.headers['x-goog-api-key']);
  expect(ours.headers['content-type']).toBe(sdk.headers['content-type']);
}

// -------------------------------------------------------------------------------------------------
// the SDK's side
// -------------------------------------------------------------------------------------------------

type SdkAuthClient = NonNullable<NonNullable<GoogleGenAIOptions['googleAuthOptions']>['authClient']>;

/** Stands in for google-auth-library's client: the SDK only asks it for request headers. */
const fakeAuthClient = {
  getRequestHeaders: async () => new Headers({ authorization: FAKE_BEARER }),
} as unknown as SdkAuthClient;

function sdkClient(client: Client, baseUrl: string): GoogleGenAI {
  switch (client.kind) {
    case 'apiKey':
      return new GoogleGenAI({ apiKey: 'FAKE_API_KEY', httpOptions: { baseUrl, apiVersion: 'v1beta' } });
    case 'ephemeralToken':
      return new GoogleGenAI({ apiKey: 'auth_tokens/fake-token', httpOptions: { baseUrl, apiVersion: 'v1alpha' } });
    case 'vertex':
      return new GoogleGenAI({
        vertexai: true,
        project: client.project,
        location: client.location,
        googleAuthOptions: { authClient: fakeAuthClient },
        httpOptions: { baseUrl, apiVersion: 'v1beta1' },
      });
  }
}

/** Runs `scenario` through `@google/genai` against `server` and returns its (`index`-th) connection. */
async function sdkConnection(scenario: Scenario, server: CaptureServer, index = 0): Promise<CapturedConnection> {
  const ai = sdkClient(scenario.client, server.baseUrl);
  const session: Session = await ai.live.connect({
    model: scenario.model,
    config: jsonCopy(scenario.config) as SdkLiveConnectConfig | undefined,
    callbacks: { onmessage: () => undefined },
  });
  const sends = scenario.sends ?? [];
  for (const send of sends) {
    const params = jsonCopy(send.params);
    switch (send.kind) {
      case 'clientContent':
        session.sendClientContent(params as Parameters<Session['sendClientContent']>[0]);
        break;
      case 'realtimeInput':
        session.sendRealtimeInput(params as Parameters<Session['sendRealtimeInput']>[0]);
        break;
      case 'toolResponse':
        session.sendToolResponse(params as Parameters<Session['sendToolResponse']>[0]);
        break;
      case 'contextUpdate':
        session.sendContextUpdate(params as Parameters<Session['sendContextUpdate']>[0]);
        break;
    }
  }
  const connection = await server.connection(index);
  await connection.framesReceived(1 + sends.length);
  session.close();
  await connection.closed;
  return connection;
}

// -------------------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------------------

/**
 * A deep copy made with this realm's `JSON`: the SDK recognises arrays with `instanceof Array`, which
 * fails for `structuredClone` results under Jest (they come from Node's realm, not the test's).
 */
function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function frozenCopy<T>(value: T): T {
  return deepFreeze(jsonCopy(value));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function setupOf(frame: Frame | undefined): Record<string, unknown> {
  const setup = frame?.setup;
  if (typeof setup !== 'object' || setup === null) throw new Error('not a setup frame');
  return setup as Record<string, unknown>;
}

function withSetup(frames: Frame[], change: (setup: Record<string, unknown>) => Record<string, unknown>): Frame[] {
  const [first, ...rest] = frames;
  return [{ setup: change(setupOf(first)) }, ...rest];
}

function expectValidClientMessages(frames: readonly unknown[]): void {
  for (const frame of frames) {
    const decoded = LiveClientMessage.decode(frame);
    expect(either.isRight(decoded) ? 'valid' : JSON.stringify(frame)).toBe('valid');
  }
}

// -------------------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------------------

describe('conformance with @google/genai 3.1.0: setup and sends', () => {
  let server: CaptureServer | undefined;

  beforeEach(() => {
    // The SDK warns about ephemeral tokens and the deprecated generationConfig; not our output.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await server?.close();
    server = undefined;
  });

  it('covers at least 15 connect configurations and every kind of send', () => {
    expect(connectScenarios.length).toBeGreaterThanOrEqual(15);
    const kinds = new Set(sendScenarios.flatMap((scenario) => scenario.sends ?? []).map((send) => send.kind));
    expect([...kinds].sort()).toEqual(['clientContent', 'contextUpdate', 'realtimeInput', 'toolResponse']);
  });

  it.each([...connectScenarios, ...sendScenarios].map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    async (_name, scenario) => {
      server = await startCaptureServer({
        setupComplete: scenario.client.kind === 'vertex' ? { sessionId: 'capture-session' } : {},
      });
      const connection = await sdkConnection(scenario, server, 0);
      const sdk = connection.messages() as Frame[];
      const our = await ourConnection(scenario, server, 1);
      const ours = our.messages() as Frame[];
      expectSameRequest(our, connection);
      expect(our.frames.every((frame) => !frame.binary)).toBe(true);

      expect(connection.frames.every((frame) => !frame.binary)).toBe(true);
      if (scenario.client.kind === 'vertex') expect(connection.headers.authorization).toBe(FAKE_BEARER);
      expectValidClientMessages(ours);
      // Where the SDK's frame is one of the bugs we fix, it need not be valid (a null handle is not).
      if (scenario.difference === undefined) expectValidClientMessages(sdk);

      const expected = scenario.difference === undefined ? ours : scenario.difference.expectAndUndo(ours, sdk);
      expect(sdk).toEqual(expected);
    },
  );

  it('normalises random function schemas exactly as the SDK does (property)', async () => {
    const capture = await startCaptureServer();
    server = capture;
    const typeName = fc.constantFrom('string', 'number', 'integer', 'boolean', 'object', 'array', 'STRING', 'OBJECT', 'weird');
    const schemaArbitrary = fc.letrec<{ schema: Record<string, unknown>; typed: Record<string, unknown> }>((tie) => ({
      typed: fc.record(
        {
          type: fc.oneof(typeName, fc.uniqueArray(fc.oneof(typeName, fc.constant('null')), { minLength: 1, maxLength: 3 })),
          description: fc.string({ maxLength: 5 }),
          additionalProperties: fc.boolean(),
          items: tie('schema'),
          properties: fc.dictionary(fc.stringMatching(/^p_[a-z]{1,3}$/), tie('schema'), { maxKeys: 3 }),
          required: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
        },
        { requiredKeys: ['type'] },
      ),
      schema: fc.oneof(
        { depthSize: 'small' },
        tie('typed'),
        tie('typed').map((typed) => ({ anyOf: [{ type: 'null' }, typed] })),
        tie('typed').map((typed) => ({ anyOf: [typed, { type: 'null' }, { type: 'string' }] })),
      ),
    })).schema;
    let connections = 0;
    await fc.assert(
      fc.asyncProperty(schemaArbitrary, async (parameters) => {
        const scenario: Scenario = {
          name: 'random schema',
          client: API_KEY,
          model: MODEL,
          config: { tools: [{ functionDeclarations: [{ name: 'f', parameters }] }] },
        };
        const connection = await sdkConnection(scenario, capture, connections++);
        const our = await ourConnection(scenario, capture, connections++);
        expect(connection.messages()).toEqual(our.messages());
      }),
      { numRuns: 30 },
    );
  });
});
