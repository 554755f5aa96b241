import { LiveHandshakeError, LiveInvalidArgumentError, LivePolicyViolationError } from '../../lib/errors';
import { EMULATOR_KEY, emulatorSession, errorOf, withEmulator } from '../support/emulator';
import { GEMINI_PATH, rawExchange } from '../support/rawLiveClient';

const KEYED_PATH = `${GEMINI_PATH}?key=${EMULATOR_KEY}`;
const SETUP = { setup: { model: 'models/gemini-live-2.5-flash-preview' } };

describe('emulator: strict validation, as Google does', () => {
  it.each([
    ['a first frame that is not setup', [{ clientContent: { turnComplete: true } }], 'The first message must be setup.'],
    ['a message with two top-level keys', [{ setup: SETUP.setup, clientContent: {} }], 'A client message has exactly one field, got setup, clientContent.'],
    ['an unknown message kind', [{ frobnicate: {} }], 'Unknown name "frobnicate": Cannot find field.'],
    ['a frame that is not JSON', ['{"setup":'], 'Invalid JSON payload received.'],
    [
      'an unknown enum value',
      [{ setup: { ...SETUP.setup, generationConfig: { responseModalities: ['AUIDO'] } } }],
      "Invalid value at 'setup.generationConfig.responseModalities[0]'.",
    ],
    [
      'two response modalities',
      [{ setup: { ...SETUP.setup, generationConfig: { responseModalities: ['TEXT', 'AUDIO'] } } }],
      'Only one response modality is supported per session.',
    ],
    ['an unknown setup field', [{ setup: { ...SETUP.setup, responseModalities: ['TEXT'] } }], `Unknown name "responseModalities" at 'setup': Cannot find field.`],
    ['a second setup', [SETUP, SETUP], 'setup may be sent only once.'],
    ['activityStart while automatic VAD is on', [SETUP, { realtimeInput: { activityStart: {} } }], 'activityStart and activityEnd need automatic activity detection disabled.'],
    [
      'audioStreamEnd while automatic VAD is off',
      [
        { setup: { ...SETUP.setup, realtimeInputConfig: { automaticActivityDetection: { disabled: true } } } },
        { realtimeInput: { audioStreamEnd: true } },
      ],
      'audioStreamEnd needs automatic activity detection.',
    ],
    [
      'audio that is not PCM',
      [SETUP, { realtimeInput: { audio: { data: 'AAAA', mimeType: 'audio/mp3' } } }],
      'Unsupported audio mime type "audio/mp3"; send audio/pcm;rate=16000.',
    ],
    ['a tool response for no pending call', [SETUP, { toolResponse: { functionResponses: [{ id: 'nope', name: 'f', response: {} }] } }], 'Function response id "nope" matches no pending function call.'],
  ])('closes with 1007 on %s', (_name, frames, reason) =>
    withEmulator({}, async (emulator) => {
      const outcome = await rawExchange(emulator.baseUrl, KEYED_PATH, frames);
      expect({ code: outcome.code, reason: outcome.reason }).toEqual({ code: 1007, reason });
    }),
  );

  it('closes with 1008 and a reason cut at 123 bytes on an unknown model', () =>
    withEmulator({}, async (emulator) => {
      const outcome = await rawExchange(emulator.baseUrl, KEYED_PATH, [{ setup: { model: 'models/gemini-9-ultra' } }]);
      expect(outcome.code).toBe(1008);
      expect(outcome.reason.startsWith('models/gemini-9-ultra is not found for API version v1beta, or is not supported for bidiGenerateContent.')).toBe(true);
      expect(Buffer.byteLength(outcome.reason)).toBe(123);
    }));

  it('surfaces an unknown model as LivePolicyViolationError through liveSession', () =>
    withEmulator({}, async (emulator) => {
      const error = await errorOf(emulatorSession(emulator, { model: 'gemini-9-ultra' }));
      expect(error).toBeInstanceOf(LivePolicyViolationError);
      expect((error as LivePolicyViolationError).closeCode).toBe(1008);
    }));

  it('surfaces activityStart under automatic VAD as LiveInvalidArgumentError through liveSession', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator);
      session.realtimeInput.next({ activityStart: {} });
      const error = await errorOf(session);
      expect(error).toBeInstanceOf(LiveInvalidArgumentError);
    }));

  it('accepts the models it is given instead of the default list', () =>
    withEmulator({ models: ['my-tuned-live'] }, async (emulator) => {
      const accepted = await rawExchange(emulator.baseUrl, KEYED_PATH, [{ setup: { model: 'models/my-tuned-live' } }, '{']);
      expect(accepted.messages).toEqual([{ setupComplete: {} }]);
      const refused = await rawExchange(emulator.baseUrl, KEYED_PATH, [SETUP]);
      expect(refused.code).toBe(1008);
    }));
});

describe('emulator: endpoints and credentials', () => {
  it('serves the API-key path with the key in the query or in x-goog-api-key, and the SDK double slash', () =>
    withEmulator({}, async (emulator) => {
      for (const [path, headers] of [
        [KEYED_PATH, {}],
        [GEMINI_PATH, { 'x-goog-api-key': EMULATOR_KEY }],
        [`/${KEYED_PATH}`, {}],
      ] as const) {
        const outcome = await rawExchange(emulator.baseUrl, path, [SETUP, '{'], headers);
        expect(outcome.messages).toEqual([{ setupComplete: {} }]);
      }
    }));

  it('refuses a missing key with 401, a wrong key with 403 and an unknown path with 404', () =>
    withEmulator({ apiKeys: [EMULATOR_KEY] }, async (emulator) => {
      expect((await rawExchange(emulator.baseUrl, GEMINI_PATH, [])).httpStatus).toBe(401);
      expect((await rawExchange(emulator.baseUrl, `${GEMINI_PATH}?key=wrong`, [])).httpStatus).toBe(403);
      expect((await rawExchange(emulator.baseUrl, '/ws/elsewhere', [])).httpStatus).toBe(404);
      const error = await errorOf(emulatorSession(emulator, { apiKey: 'AIzaWrongKey' }));
      expect(error).toBeInstanceOf(LiveHandshakeError);
      expect((error as LiveHandshakeError).httpStatus).toBe(403);
      expect(String(error)).not.toContain('AIzaWrongKey');
    }));

  it('serves ephemeral tokens on the Constrained v1alpha path and counts their uses', () =>
    withEmulator({ ephemeralTokens: { 'auth_tokens/once': { uses: 1 } } }, async (emulator) => {
      const first = emulatorSession(emulator, { apiKey: 'auth_tokens/once', apiVersion: 'v1alpha' });
      const messages: unknown[] = [];
      await new Promise<void>((resolve) => {
        const subscription = first.subscribe((message) => {
          messages.push(message);
          subscription.unsubscribe();
          resolve();
        });
      });
      expect(messages).toEqual([{ setupComplete: {} }]);
      const connection = await emulator.connection(1);
      expect(connection.route).toMatchObject({ constrained: true, apiVersion: 'v1alpha', credential: { kind: 'ephemeralToken' } });
      // A second new session with a one-use token fails as Google's does (PROTOCOL.md §6.2).
      const error = await errorOf(emulatorSession(emulator, { apiKey: 'auth_tokens/once', apiVersion: 'v1alpha' }));
      expect(error).toMatchObject({ closeCode: 1011, reason: 'Token has been used too many times' });
      expect((await rawExchange(emulator.baseUrl, '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?access_token=auth_tokens/unknown', [])).httpStatus).toBe(401);
    }));

  it('serves the Vertex path with a bearer token and answers setupComplete with a sessionId', () =>
    withEmulator({}, async (emulator) => {
      const session = emulatorSession(emulator, {
        apiKey: undefined,
        apiVersion: undefined,
        vertex: { project: 'demo-project', location: 'us-central1', accessToken: 'ya29.emulator-token' },
      });
      const first = await new Promise<unknown>((resolve) => {
        const subscription = session.subscribe((message) => {
          subscription.unsubscribe();
          resolve(message);
        });
      });
      // Vertex's session ids are UUIDs (PROTOCOL.md §4.2).
      expect(first).toEqual({ setupComplete: { sessionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) } });
      const connection = await emulator.connection(1);
      expect(connection.route).toMatchObject({ backend: 'vertex', credential: { kind: 'bearer', value: 'ya29.emulator-token' } });
      expect(connection.received[0]).toMatchObject({
        setup: { model: 'projects/demo-project/locations/us-central1/publishers/google/models/gemini-live-2.5-flash-preview' },
      });
    }));
});
