import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { buildSetup } from '../../lib/protocol/buildSetup';
import { SetupMessage } from '../../lib/protocol/clientMessages';
import type { LiveConnectConfig } from '../../lib/protocol/liveConnectConfig';
import { LiveConfigError } from '../../lib/errors';
import type { LiveBackend } from '../../lib/transport/endpointOptions';

const GEMINI: LiveBackend = { kind: 'gemini' };
const VERTEX: LiveBackend = { kind: 'vertex', project: 'p', location: 'us-central1' };
const MODEL = 'gemini-live-2.5-flash-preview';

/** The setup payload, as plain JSON. */
function setupFor(config: unknown, backend: LiveBackend = GEMINI, model = MODEL): Record<string, unknown> {
  const message = buildSetup(model, config as LiveConnectConfig, backend);
  return JSON.parse(JSON.stringify(message.setup)) as Record<string, unknown>;
}

function configError(config: unknown, backend: LiveBackend = GEMINI, model = MODEL): LiveConfigError {
  try {
    buildSetup(model, config as LiveConnectConfig, backend);
  } catch (error) {
    if (error instanceof LiveConfigError) return error;
    throw error;
  }
  throw new Error('expected a LiveConfigError');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('buildSetup', () => {
  describe('model and empty config', () => {
    it('sends only the model when there is no config', () => {
      expect(buildSetup(MODEL, undefined, GEMINI)).toEqual({ setup: { model: `models/${MODEL}` } });
      expect(buildSetup(MODEL, {}, GEMINI)).toEqual({ setup: { model: `models/${MODEL}` } });
    });

    it('builds the Vertex resource name from the backend', () => {
      expect(setupFor({}, VERTEX).model).toBe(`projects/p/locations/us-central1/publishers/google/models/${MODEL}`);
    });

    it('refuses a bad model name with path "model"', () => {
      const error = configError({}, GEMINI, 'a..b');
      expect(error.path).toBe('model');
      expect(error.message).toBe('Invalid Live config at model: a model name cannot contain ".."');
    });
  });

  describe('generation fields', () => {
    it('puts the flat fields into generationConfig in the SDK order', () => {
      const setup = setupFor({
        translationConfig: { targetLanguageCode: 'de' },
        enableAffectiveDialog: true,
        thinkingConfig: { thinkingBudget: 128 },
        speechConfig: { languageCode: 'en-US' },
        seed: 1,
        mediaResolution: 'MEDIA_RESOLUTION_HIGH',
        maxOutputTokens: 100,
        topK: 3,
        topP: 0.5,
        temperature: 0.1,
        responseModalities: ['TEXT'],
      });
      expect(Object.keys(setup.generationConfig as object)).toEqual([
        'responseModalities',
        'temperature',
        'topP',
        'topK',
        'maxOutputTokens',
        'mediaResolution',
        'seed',
        'speechConfig',
        'thinkingConfig',
        'enableAffectiveDialog',
        'translationConfig',
      ]);
      expect(setup.generationConfig).toEqual({
        responseModalities: ['TEXT'],
        temperature: 0.1,
        topP: 0.5,
        topK: 3,
        maxOutputTokens: 100,
        mediaResolution: 'MEDIA_RESOLUTION_HIGH',
        seed: 1,
        speechConfig: { languageCode: 'en-US' },
        thinkingConfig: { thinkingBudget: 128 },
        enableAffectiveDialog: true,
        translationConfig: { targetLanguageCode: 'de' },
      });
    });

    it('copies the deprecated generationConfig and merges the flat fields into the copy', () => {
      const generationConfig = { temperature: 0.4, speechConfig: { languageCode: 'en-US', voiceConfig: { voice: 'a' } } };
      const setup = setupFor({ generationConfig, speechConfig: { voiceConfig: { voice: 'b' } }, topK: 5 });
      expect(setup.generationConfig).toEqual({
        temperature: 0.4,
        speechConfig: { languageCode: 'en-US', voiceConfig: { voice: 'b' } },
        topK: 5,
      });
      expect(generationConfig).toEqual({ temperature: 0.4, speechConfig: { languageCode: 'en-US', voiceConfig: { voice: 'a' } } });
    });

    it('accepts the same value in both places', () => {
      expect(setupFor({ generationConfig: { temperature: 0.4, responseModalities: ['AUDIO'] }, temperature: 0.4, responseModalities: ['AUDIO'] }).generationConfig).toEqual({
        temperature: 0.4,
        responseModalities: ['AUDIO'],
      });
    });

    it.each([
      ['different numbers', { generationConfig: { temperature: 0.5 }, temperature: 0.7 }, 'config.temperature'],
      ['a falsy flat value', { generationConfig: { temperature: 0.5 }, temperature: 0 }, 'config.temperature'],
      ['different arrays', { generationConfig: { stopSequences: [] as string[], responseModalities: ['TEXT'] }, responseModalities: ['AUDIO'] }, 'config.responseModalities'],
      ['different booleans', { generationConfig: { enableAffectiveDialog: true }, enableAffectiveDialog: false }, 'config.enableAffectiveDialog'],
    ])('refuses a field set flat and in generationConfig with %s', (_what, config, path) => {
      const error = configError(config);
      expect(error.path).toBe(path);
      expect(error.message).toMatch(/conflicts with config\.generationConfig\.\w+: set it in one place \(generationConfig is deprecated\)$/);
    });

    it('refuses more than one response modality, flat or nested', () => {
      const flat = configError({ responseModalities: ['TEXT', 'AUDIO'] });
      expect(flat.path).toBe('config.responseModalities');
      expect(flat.message).toBe(
        'Invalid Live config at config.responseModalities: the Live API answers in one modality per session: choose ["AUDIO"] or ["TEXT"], not ["TEXT","AUDIO"]',
      );
      expect(configError({ generationConfig: { responseModalities: ['TEXT', 'AUDIO'] } }).path).toBe(
        'config.generationConfig.responseModalities',
      );
    });

    it('sends no generationConfig on the Gemini API when nothing sets one', () => {
      expect(setupFor({ systemInstruction: 'x' })).not.toHaveProperty('generationConfig');
    });

    it('asks Vertex AI for AUDIO unless a modality is given, flat or nested', () => {
      expect(setupFor({}, VERTEX).generationConfig).toEqual({ responseModalities: ['AUDIO'] });
      expect(setupFor({ temperature: 1 }, VERTEX).generationConfig).toEqual({ responseModalities: ['AUDIO'], temperature: 1 });
      expect(setupFor({ responseModalities: ['TEXT'] }, VERTEX).generationConfig).toEqual({ responseModalities: ['TEXT'] });
      expect(setupFor({ generationConfig: { responseModalities: ['TEXT'] } }, VERTEX).generationConfig).toEqual({
        responseModalities: ['TEXT'],
      });
    });

    it('renames modelSelectionConfig to modelConfig on Vertex AI only', () => {
      const config = { generationConfig: { modelSelectionConfig: { featureSelectionPreference: 'BALANCED' } } };
      expect(setupFor(config, VERTEX).generationConfig).toEqual({
        modelConfig: { featureSelectionPreference: 'BALANCED' },
        responseModalities: ['AUDIO'],
      });
      expect(setupFor(config).generationConfig).toEqual({ modelSelectionConfig: { featureSelectionPreference: 'BALANCED' } });
    });

    it('accepts both spellings of thinkingLevel', () => {
      expect(setupFor({ thinkingConfig: { thinkingLevel: 'low' } }).generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'low' } });
      expect(setupFor({ thinkingConfig: { thinkingLevel: 'HIGH' } }).generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'HIGH' } });
    });
  });

  describe('systemInstruction', () => {
    it.each([
      ['text', 'Be brief.', { parts: [{ text: 'Be brief.' }], role: 'user' }],
      ['a Part', { text: 'Be brief.' }, { parts: [{ text: 'Be brief.' }], role: 'user' }],
      ['text and Parts', ['a', { text: 'b' }], { parts: [{ text: 'a' }, { text: 'b' }], role: 'user' }],
      ['a Content, as it is', { parts: [{ text: 'c' }] }, { parts: [{ text: 'c' }] }],
      ['a Content with a role', { role: 'system', parts: [{ text: 'c' }] }, { role: 'system', parts: [{ text: 'c' }] }],
      ['an empty string', '', { parts: [{ text: '' }], role: 'user' }],
    ])('converts %s', (_what, systemInstruction, expected) => {
      expect(setupFor({ systemInstruction }).systemInstruction).toEqual(expected);
    });

    it.each([
      ['a number', 42, 'config.systemInstruction', 'expected ContentUnion, got 42'],
      ['an empty array', [], 'config.systemInstruction', 'expected at least one part, got an empty array'],
      ['a Part with a non-string text', { text: 5 }, 'config.systemInstruction.text', 'expected string, got 5'],
      ['a Content with a bad part', { parts: [{ text: true }] }, 'config.systemInstruction.parts[0].text', 'expected string, got true'],
    ])('refuses %s', (_what, systemInstruction, path, message) => {
      const error = configError({ systemInstruction });
      expect(error.path).toBe(path);
      expect(error.message).toBe(`Invalid Live config at ${path}: ${message}`);
    });

    it('refuses part fields of the other backend', () => {
      expect(configError({ systemInstruction: { parts: [{ text: 'x' }, { toolCall: {} }] } }, VERTEX).path).toBe(
        'config.systemInstruction.parts[1].toolCall',
      );
      const error = configError({ systemInstruction: { parts: [{ functionCall: { name: 'f', willContinue: true } }] } });
      expect(error.path).toBe('config.systemInstruction.parts[0].functionCall.willContinue');
      expect(error.message).toMatch(/only supported on Vertex AI, not on the Gemini Developer API$/);
    });
  });

  describe('tools', () => {
    it('passes built-in tools and unknown tool kinds on', () => {
      const tools = [{ googleSearch: {} }, { codeExecution: {} }, { urlContext: {} }, { googleMaps: {} }, { brandNewTool: { x: 1 } }];
      expect(setupFor({ tools }).tools).toEqual(tools);
    });

    it('keeps an OpenAPI-style schema and normalises JSON-Schema spellings', () => {
      const tools = [
        {
          functionDeclarations: [
            { name: 'a', parameters: { type: 'OBJECT', properties: { x: { type: 'STRING' } } }, behavior: 'NON_BLOCKING' },
            { name: 'b', parameters: { type: 'object', properties: { y: { type: ['number', 'null'] } }, additionalProperties: false } },
          ],
        },
      ];
      expect(setupFor({ tools }).tools).toEqual([
        {
          functionDeclarations: [
            { name: 'a', parameters: { type: 'OBJECT', properties: { x: { type: 'STRING' } } }, behavior: 'NON_BLOCKING' },
            { name: 'b', parameters: { type: 'OBJECT', properties: { y: { nullable: true, type: 'NUMBER' } } } },
          ],
        },
      ]);
    });

    it('moves a $schema parameters or response to the JSON Schema field, unless that is set', () => {
      const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false };
      const tools = [
        {
          functionDeclarations: [
            { name: 'a', parameters: schema, response: schema },
            { name: 'b', parameters: schema, parametersJsonSchema: { type: 'object' } },
          ],
        },
      ];
      expect(setupFor({ tools }).tools).toEqual([
        {
          functionDeclarations: [
            { name: 'a', parametersJsonSchema: schema, responseJsonSchema: schema },
            { name: 'b', parameters: schema, parametersJsonSchema: { type: 'object' } },
          ],
        },
      ]);
    });

    it.each([
      [
        'a CallableTool',
        [{ tool: async () => ({}), callTool: async () => [] }],
        'config.tools[0]',
        'a CallableTool (such as an MCP tool) cannot be sent: pass the Tool it describes instead (await callableTool.tool())',
      ],
      ['a declaration without a name', [{ functionDeclarations: [{ description: 'd' }] }], 'config.tools[0].functionDeclarations[0].name', 'required: the name the model calls the function by'],
      ['an unknown behavior', [{ functionDeclarations: [{ name: 'f', behavior: 'ASYNC' }] }], 'config.tools[0].functionDeclarations[0].behavior', 'expected one of "UNSPECIFIED", "BLOCKING", "NON_BLOCKING", got "ASYNC"'],
      [
        'a schema with type and anyOf',
        [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', anyOf: [{ type: 'string' }] } }] }],
        'config.tools[0].functionDeclarations[0].parameters',
        'a schema cannot set both type and anyOf',
      ],
      [
        'a schema whose only type is null',
        [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: { x: { type: 'null' } } } }] }],
        'config.tools[0].functionDeclarations[0].parameters.properties.x.type',
        '"null" cannot be the only type: use nullable, or a list of types',
      ],
      ['a tool that is not an object', ['googleSearch'], 'config.tools[0]', 'expected Tool, got "googleSearch"'],
      ['tools that are not an array', { googleSearch: {} }, 'config.tools', 'expected ReadonlyArray<Tool>, got an object'],
    ])('refuses %s', (_what, tools, path, message) => {
      const error = configError({ tools });
      expect(error.path).toBe(path);
      expect(error.message).toBe(`Invalid Live config at ${path}: ${message}`);
    });

    it.each([
      [GEMINI, [{ retrieval: {} }], 'config.tools[0].retrieval'],
      [GEMINI, [{ googleSearch: {} }, { enterpriseWebSearch: {} }], 'config.tools[1].enterpriseWebSearch'],
      [GEMINI, [{ googleSearch: { excludeDomains: ['a.com'] } }], 'config.tools[0].googleSearch.excludeDomains'],
      [GEMINI, [{ googleMaps: { authConfig: { oauthConfig: {} } } }], 'config.tools[0].googleMaps.authConfig.oauthConfig'],
      [VERTEX, [{ fileSearch: {} }], 'config.tools[0].fileSearch'],
      [VERTEX, [{ mcpServers: [{}, { name: 'm' }] }], 'config.tools[0].mcpServers[1].name'],
    ])('refuses tool fields of the other backend (%#)', (backend, tools, path) => {
      const error = configError({ tools }, backend);
      expect(error.path).toBe(path);
      const [own, other] = backend.kind === 'gemini' ? ['Vertex AI', 'the Gemini Developer API'] : ['the Gemini Developer API', 'Vertex AI'];
      expect(error.message).toBe(`Invalid Live config at ${path}: only supported on ${own}, not on ${other}`);
    });

    it('does not modify the tools it is given', () => {
      const tools = deepFreeze([{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', additionalProperties: true } }] }]);
      expect(setupFor({ tools }).tools).toEqual([{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT' } }] }]);
    });
  });

  describe('session resumption', () => {
    it.each([
      [{}, {}],
      [{ handle: 'h' }, { handle: 'h' }],
      [{ handle: null }, {}],
    ])('sends %j as %j on the Gemini API', (sessionResumption, expected) => {
      expect(setupFor({ sessionResumption }).sessionResumption).toEqual(expected);
    });

    it('never sends a null handle on Vertex AI either, and passes transparent there', () => {
      expect(setupFor({ sessionResumption: { handle: null, transparent: true } }, VERTEX).sessionResumption).toEqual({ transparent: true });
    });

    it('refuses transparent on the Gemini API, even false', () => {
      const error = configError({ sessionResumption: { transparent: false } });
      expect(error.path).toBe('config.sessionResumption.transparent');
      expect(error.message).toBe(
        'Invalid Live config at config.sessionResumption.transparent: only supported on Vertex AI, not on the Gemini Developer API',
      );
    });
  });

  it('sends an int64 given as a safe integer as its decimal string, the proto3 JSON form the server writes', () => {
    const setup = setupFor({ contextWindowCompression: { triggerTokens: 25600, slidingWindow: { targetTokens: '12800' } } });
    expect(setup.contextWindowCompression).toEqual({ triggerTokens: '25600', slidingWindow: { targetTokens: '12800' } });
  });

  describe('fields passed through', () => {
    const passThrough = {
      inputAudioTranscription: {},
      outputAudioTranscription: { languageCodes: ['en-US'], futureOption: 1 },
      realtimeInputConfig: { automaticActivityDetection: { disabled: true }, activityHandling: 'NO_INTERRUPTION', turnCoverage: 'TURN_INCLUDES_ALL_INPUT' },
      contextWindowCompression: { triggerTokens: '1000', slidingWindow: { targetTokens: '500' } },
      proactivity: { proactiveAudio: true },
      avatarConfig: { avatarName: 'a' },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      labels: { a: 'b' },
      historyConfig: { initialHistoryInClientContent: true },
    };

    it('copies them as given, historyConfig included, in the SDK order', () => {
      const setup = setupFor({ ...passThrough, sessionResumption: {}, tools: [], systemInstruction: 's', temperature: 1 });
      expect(setup).toEqual({
        model: `models/${MODEL}`,
        generationConfig: { temperature: 1 },
        systemInstruction: { parts: [{ text: 's' }], role: 'user' },
        tools: [],
        sessionResumption: {},
        ...passThrough,
      });
      expect(Object.keys(setup)).toEqual([
        'model',
        'generationConfig',
        'systemInstruction',
        'tools',
        'sessionResumption',
        'inputAudioTranscription',
        'outputAudioTranscription',
        'realtimeInputConfig',
        'contextWindowCompression',
        'proactivity',
        'avatarConfig',
        'safetySettings',
        'labels',
        'historyConfig',
      ]);
    });

    it('sends explicitVadSignal and safety methods on Vertex AI, and ignores abortSignal', () => {
      const setup = setupFor(
        { explicitVadSignal: true, safetySettings: [{ method: 'SEVERITY' }], abortSignal: new AbortController().signal },
        VERTEX,
      );
      expect(setup.explicitVadSignal).toBe(true);
      expect(setup.safetySettings).toEqual([{ method: 'SEVERITY' }]);
      expect(setup).not.toHaveProperty('abortSignal');
    });
  });

  describe('validation', () => {
    it.each([
      ['a string config', 'AUDIO', 'config', 'expected a LiveConnectConfig object'],
      ['an array config', [], 'config', 'expected a LiveConnectConfig object'],
      [
        'httpOptions',
        { httpOptions: { timeout: 1 } },
        'config.httpOptions',
        'per-request httpOptions are not supported in Live (as in @google/genai): set baseUrl, apiVersion and headers on the session options',
      ],
      ['an unknown field', { responseModality: ['AUDIO'] }, 'config.responseModality', 'not a LiveConnectConfig field (a typo?)'],
      ['a misspelt modality', { responseModalities: ['AUIDO'] }, 'config.responseModalities[0]', 'expected one of "MODALITY_UNSPECIFIED", "TEXT", "IMAGE", "AUDIO", "VIDEO", got "AUIDO"'],
      ['a string temperature', { temperature: '0.7' }, 'config.temperature', 'expected finite number, got "0.7"'],
      ['a NaN temperature', { temperature: Number.NaN }, 'config.temperature', 'expected finite number, got NaN'],
      ['a fractional topK', { topK: 1.5 }, 'config.topK', 'expected integer, got 1.5'],
      ['a null field', { seed: null }, 'config.seed', 'expected integer, got null'],
      ['a speechConfig string', { speechConfig: 'Kore' }, 'config.speechConfig', 'expected SpeechConfig, got "Kore"'],
      [
        'a multi-speaker voice',
        { speechConfig: { multiSpeakerVoiceConfig: { speakerVoiceConfigs: [] } } },
        'config.speechConfig.multiSpeakerVoiceConfig',
        'multi-speaker voices are not supported by the Live API',
      ],
      [
        'a multi-speaker voice in generationConfig',
        { generationConfig: { speechConfig: { multiSpeakerVoiceConfig: {} } } },
        'config.generationConfig.speechConfig.multiSpeakerVoiceConfig',
        'multi-speaker voices are not supported by the Live API',
      ],
      [
        'a misspelt activity handling',
        { realtimeInputConfig: { activityHandling: 'BARGE_IN' } },
        'config.realtimeInputConfig.activityHandling',
        'expected one of "ACTIVITY_HANDLING_UNSPECIFIED", "START_OF_ACTIVITY_INTERRUPTS", "NO_INTERRUPTION", got "BARGE_IN"',
      ],
      [
        'a bad sensitivity',
        { realtimeInputConfig: { automaticActivityDetection: { startOfSpeechSensitivity: 'LOW' } } },
        'config.realtimeInputConfig.automaticActivityDetection.startOfSpeechSensitivity',
        'expected one of "START_SENSITIVITY_UNSPECIFIED", "START_SENSITIVITY_HIGH", "START_SENSITIVITY_LOW", got "LOW"',
      ],
      [
        'non-numeric trigger tokens',
        { contextWindowCompression: { triggerTokens: 'many' } },
        'config.contextWindowCompression.triggerTokens',
        'expected Int64, got "many"',
      ],
      ['a label that is not a string', { labels: { team: 1 } }, 'config.labels.team', 'expected string, got 1'],
      [
        'a bad safety category',
        { safetySettings: [{ category: 'HARM_CATEGORY_RUDENESS' }] },
        'config.safetySettings[0].category',
        expect.stringMatching(/^expected one of "HARM_CATEGORY_UNSPECIFIED", .*, got "HARM_CATEGORY_RUDENESS"$/),
      ],
      [
        'a bad transcription mode',
        { outputAudioTranscription: { mode: 'FAST' } },
        'config.outputAudioTranscription.mode',
        'expected one of "MODE_UNSPECIFIED", "VERBATIM", "SMART", got "FAST"',
      ],
      ['a long bad value, shortened', { systemInstruction: 7, temperature: 'x'.repeat(100) }, 'config.temperature', `expected finite number, got "${'x'.repeat(38)}…"`],
    ])('refuses %s', (_what, config, path, message) => {
      const error = configError(config);
      expect(error).toBeInstanceOf(LiveConfigError);
      expect(error.kind).toBe('config');
      expect(error.path).toBe(path);
      expect(error.message.slice(`Invalid Live config at ${path}: `.length)).toEqual(message);
    });

    it.each([
      [GEMINI, { explicitVadSignal: false }, 'config.explicitVadSignal'],
      [GEMINI, { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT' }, { method: 'SEVERITY' }] }, 'config.safetySettings[1].method'],
      [VERTEX, { generationConfig: { enableEnhancedCivicAnswers: true } }, 'config.generationConfig.enableEnhancedCivicAnswers'],
      [VERTEX, { speechConfig: { voiceConfig: { replicatedVoiceConfig: { consentAudio: 'AAAA' } } } }, 'config.speechConfig.voiceConfig.replicatedVoiceConfig.consentAudio'],
    ])('refuses config fields of the other backend (%#)', (backend, config, path) => {
      expect(configError(config, backend).path).toBe(path);
    });

    it('treats fields set to undefined as absent, unknown or httpOptions included', () => {
      expect(setupFor({ httpOptions: undefined, responseModality: undefined, temperature: undefined })).toEqual({ model: `models/${MODEL}` });
    });

    it('checks before building: nothing is returned for a bad config', () => {
      expect(() => buildSetup(MODEL, { temperature: 'hot' } as unknown as LiveConnectConfig, GEMINI)).toThrow(LiveConfigError);
    });
  });

  describe('properties', () => {
    const modality = fc.constantFrom('AUDIO' as const, 'TEXT' as const);
    const configArbitrary: fc.Arbitrary<LiveConnectConfig> = fc.record(
      {
        responseModalities: modality.map((m) => [m]),
        temperature: fc.double({ min: 0, max: 2, noNaN: true }),
        topK: fc.integer({ min: 1, max: 100 }),
        seed: fc.integer(),
        systemInstruction: fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 1, maxLength: 3 })),
        speechConfig: fc.record({ languageCode: fc.constantFrom('en-US', 'fr-FR') }),
        sessionResumption: fc.record({ handle: fc.option(fc.string(), { nil: null }) }, { requiredKeys: [] }),
        inputAudioTranscription: fc.constant({}),
        labels: fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 3 }),
        historyConfig: fc.record({ initialHistoryInClientContent: fc.boolean() }),
      },
      { requiredKeys: [] },
    );
    const backendArbitrary = fc.constantFrom<LiveBackend>(GEMINI, VERTEX, { kind: 'vertex' });

    it('never modifies its input, and always returns a valid SetupMessage that survives JSON', () => {
      fc.assert(
        fc.property(configArbitrary, backendArbitrary, (config, backend) => {
          const frozen = deepFreeze(JSON.parse(JSON.stringify(config)) as LiveConnectConfig);
          const message = buildSetup(MODEL, frozen, backend);
          expect(either.isRight(SetupMessage.decode(message))).toBe(true);
          expect(JSON.parse(JSON.stringify(message))).toEqual(message);
          expect(JSON.stringify(message)).not.toContain('"handle":null');
        }),
        { numRuns: 200 },
      );
    });

    it('puts every flat generation field into generationConfig unchanged', () => {
      fc.assert(
        fc.property(configArbitrary, (config) => {
          const generationConfig = buildSetup(MODEL, config, GEMINI).setup.generationConfig ?? {};
          for (const field of ['responseModalities', 'temperature', 'topK', 'seed', 'speechConfig'] as const) {
            expect(generationConfig[field]).toEqual(config[field]);
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
