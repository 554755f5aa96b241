import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { ToolResponseMessage } from '../../lib/protocol/clientMessages';
import { type LiveToolResponseInput, toToolResponse } from '../../lib/protocol/toToolResponse';
import { LiveInputError } from '../../lib/errors';
import type { LiveBackend } from '../../lib/transport/endpointOptions';

const GEMINI: LiveBackend = { kind: 'gemini' };
const VERTEX: LiveBackend = { kind: 'vertex', project: 'p', location: 'l' };

function inputError(params: unknown, backend: LiveBackend = GEMINI): LiveInputError {
  try {
    toToolResponse(params as LiveToolResponseInput, backend);
  } catch (error) {
    if (error instanceof LiveInputError) return error;
    throw error;
  }
  throw new Error('expected a LiveInputError');
}

describe('toToolResponse', () => {
  it('wraps a single response in an array', () => {
    const response = { id: 'fc-1', name: 'get_weather', response: { output: 'sunny' } };
    expect(toToolResponse({ functionResponses: response }, GEMINI)).toEqual({ toolResponse: { functionResponses: [response] } });
  });

  it('sends a list as given, with the optional fields', () => {
    const functionResponses = [
      { id: 'a', name: 'f', response: { output: 1 }, scheduling: 'INTERRUPT' as const, willContinue: true },
      { id: 'b', name: 'g', response: { error: 'failed' }, parts: [{ inlineData: { data: 'AA', mimeType: 'image/png' } }] },
    ];
    const message = toToolResponse({ functionResponses }, GEMINI);
    expect(message).toEqual({ toolResponse: { functionResponses } });
    expect(message.toolResponse.functionResponses?.[0]).toBe(functionResponses[0]);
  });

  it('does not need an id on Vertex AI', () => {
    expect(toToolResponse({ functionResponses: [{ name: 'f', response: {} }] }, VERTEX)).toEqual({
      toolResponse: { functionResponses: [{ name: 'f', response: {} }] },
    });
  });

  it.each([
    ['null', null, '', 'expected an object such as {functionResponses: [{id, name, response}]}'],
    ['an array', [{ id: 'a', name: 'f', response: {} }], '', 'expected an object such as {functionResponses: [{id, name, response}]}'],
    ['no functionResponses', {}, 'functionResponses', 'required: the answers to a toolCall'],
    ['null functionResponses', { functionResponses: null }, 'functionResponses', 'required: the answers to a toolCall'],
    ['an empty list', { functionResponses: [] }, 'functionResponses', 'expected at least one function response, got an empty array'],
    ['an unknown field', { functionResponses: [], extra: 1 }, 'extra', 'not a toolResponse field: expected functionResponses'],
    ['a string response item', { functionResponses: ['ok'] }, 'functionResponses[0]', 'expected a FunctionResponse object {id, name, response}'],
    ['a missing name', { functionResponses: [{ id: 'a', response: {} }] }, 'functionResponses[0].name', "required: the called function's name"],
    ['a missing response', { functionResponses: { id: 'a', name: 'f' } }, 'functionResponses.response', 'required: the result object'],
    [
      'a missing id on the Gemini API',
      { functionResponses: [{ id: 'a', name: 'f', response: {} }, { name: 'g', response: {} }] },
      'functionResponses[1].id',
      'required on the Gemini API: copy it from toolCall.functionCalls[].id',
    ],
    ['a response that is not an object', { functionResponses: [{ id: 'a', name: 'f', response: 'ok' }] }, 'functionResponses[0].response', 'expected UnknownRecord, got "ok"'],
    [
      'an unknown scheduling',
      { functionResponses: [{ id: 'a', name: 'f', response: {}, scheduling: 'LATER' }] },
      'functionResponses[0].scheduling',
      'expected one of "SCHEDULING_UNSPECIFIED", "SILENT", "WHEN_IDLE", "INTERRUPT", got "LATER"',
    ],
  ])('refuses %s', (_what, params, path, message) => {
    const error = inputError(params);
    expect(error.sink).toBe('toolResponse');
    expect(error.message).toBe(`Invalid toolResponse input: ${path === '' ? '' : `${path}: `}${message}`);
  });

  it('always produces one valid message with every response, in order (property)', () => {
    const response = fc.record({
      id: fc.string({ minLength: 1 }),
      name: fc.string({ minLength: 1 }),
      response: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(fc.array(response, { minLength: 1, maxLength: 5 }), fc.constantFrom(GEMINI, VERTEX), (functionResponses, backend) => {
        const message = toToolResponse({ functionResponses }, backend);
        expect(either.isRight(ToolResponseMessage.decode(message))).toBe(true);
        expect(message.toolResponse.functionResponses).toEqual(functionResponses);
      }),
      { numRuns: 100 },
    );
  });
});
