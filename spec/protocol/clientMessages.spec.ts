import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import {
  ClientContentMessage,
  ContextUpdateMessage,
  LiveClientMessage,
  RealtimeInputMessage,
  SetupMessage,
  ToolResponseMessage,
} from '../../lib/protocol/clientMessages';

const valid = (codec: t.Decoder<unknown, unknown>, value: unknown): boolean => either.isRight(codec.decode(value));

const examples = {
  setup: { setup: { model: 'models/m', generationConfig: { responseModalities: ['AUDIO'] }, sessionResumption: {} } },
  clientContent: { clientContent: { turns: [{ role: 'user', parts: [{ text: 'hi' }] }], turnComplete: true } },
  realtimeInput: { realtimeInput: { audio: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } } },
  toolResponse: { toolResponse: { functionResponses: [{ id: '1', name: 'f', response: { output: 1 } }] } },
  contextUpdate: { contextUpdate: { systemInstruction: { parts: [{ text: 'x' }] }, tools: { tools: [{ googleSearch: {} }] } } },
} as const;

const codecs = {
  setup: SetupMessage,
  clientContent: ClientContentMessage,
  realtimeInput: RealtimeInputMessage,
  toolResponse: ToolResponseMessage,
  contextUpdate: ContextUpdateMessage,
} as const;

const keys = Object.keys(examples) as (keyof typeof examples)[];

describe('client message codecs', () => {
  it.each(keys)('accept a %s message, with its own codec and the union', (key) => {
    expect(valid(codecs[key], examples[key])).toBe(true);
    expect(valid(LiveClientMessage, examples[key])).toBe(true);
    expect(LiveClientMessage.is(examples[key])).toBe(true);
  });

  it.each(keys)('refuse a %s payload under another message codec', (key) => {
    for (const other of keys.filter((k) => k !== key)) expect(valid(codecs[other], examples[key])).toBe(false);
  });

  it('refuses a message with two top-level keys, and says why', () => {
    const both = { ...examples.setup, ...examples.clientContent };
    expect(valid(LiveClientMessage, both)).toBe(false);
    expect(LiveClientMessage.is(both)).toBe(false);
    const result = SetupMessage.decode(both);
    expect(either.isLeft(result) && result.left[0]?.message).toBe('a client message has exactly one top-level key, got setup, clientContent');
  });

  it('refuses an unknown key beside a known one, and unknown or snake_case messages', () => {
    expect(valid(LiveClientMessage, { ...examples.realtimeInput, extra: 1 })).toBe(false);
    expect(valid(LiveClientMessage, { realtime_input: { audio: {} } })).toBe(false);
    expect(valid(LiveClientMessage, { musicGenerationConfig: {} })).toBe(false);
    expect(valid(LiveClientMessage, {})).toBe(false);
    expect(valid(LiveClientMessage, null)).toBe(false);
    expect(valid(LiveClientMessage, '{"setup":{}}')).toBe(false);
  });

  it('lets unknown fields inside a payload through (forward compatible)', () => {
    const message = { realtimeInput: { newStream: { data: 'x' } } };
    const result = RealtimeInputMessage.decode(message);
    expect(either.isRight(result) && result.right).toBe(message);
    expect(valid(SetupMessage, { setup: { model: 'models/m', futureSetupField: true } })).toBe(true);
  });

  it.each([
    ['setup without a model', { setup: {} }],
    ['a null resumption handle', { setup: { model: 'm', sessionResumption: { handle: null } } }],
    ['a misspelt modality', { setup: { model: 'm', generationConfig: { responseModalities: ['SOUND'] } } }],
    ['turns that are not Contents', { clientContent: { turns: 'hello' } }],
    ['a non-boolean turnComplete', { clientContent: { turnComplete: 1 } }],
    ['activityStart true', { realtimeInput: { activityStart: true } }],
    ['a response that is not an object', { toolResponse: { functionResponses: [{ name: 'f', response: 'ok' }] } }],
    ['tools without the wrapper', { contextUpdate: { tools: [{ googleSearch: {} }] } }],
  ])('refuse %s', (_what, message) => {
    expect(valid(LiveClientMessage, message)).toBe(false);
  });

  it('refuse any object that combines two message kinds (property)', () => {
    const pair = fc.uniqueArray(fc.constantFrom(...keys), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(pair, (chosen) => {
        const combined = Object.assign({}, ...chosen.map((key) => examples[key])) as unknown;
        expect(valid(LiveClientMessage, combined)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('encode to the same JSON they decode', () => {
    for (const key of keys) {
      const codec = codecs[key] as t.Type<unknown, unknown, unknown>;
      const decoded = codec.decode(examples[key]);
      expect(either.isRight(decoded) && codec.encode(decoded.right)).toEqual(examples[key]);
    }
  });
});
