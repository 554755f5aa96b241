import * as either from 'fp-ts/lib/Either.js';
import { ContextUpdateMessage } from '../../lib/protocol/clientMessages';
import { type LiveContextUpdateInput, toContextUpdate } from '../../lib/protocol/toContextUpdate';
import { LiveInputError } from '../../lib/errors';
import type { LiveBackend } from '../../lib/transport/endpointOptions';

const GEMINI: LiveBackend = { kind: 'gemini' };
const VERTEX: LiveBackend = { kind: 'vertex', project: 'p', location: 'l' };

function inputError(params: unknown, backend?: LiveBackend): LiveInputError {
  try {
    toContextUpdate(params as LiveContextUpdateInput, backend);
  } catch (error) {
    if (error instanceof LiveInputError) return error;
    throw error;
  }
  throw new Error('expected a LiveInputError');
}

describe('toContextUpdate', () => {
  it('converts a text system instruction to a user Content', () => {
    expect(toContextUpdate({ systemInstruction: 'Answer in French.' })).toEqual({
      contextUpdate: { systemInstruction: { parts: [{ text: 'Answer in French.' }], role: 'user' } },
    });
  });

  it('passes a Content system instruction as it is', () => {
    const systemInstruction = { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] };
    expect(toContextUpdate({ systemInstruction }).contextUpdate.systemInstruction).toBe(systemInstruction);
  });

  it('keeps the tools wrapper object and normalises function schemas', () => {
    const message = toContextUpdate({
      tools: {
        tools: [
          { googleSearch: {} },
          { functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false } }] },
        ],
      },
    });
    expect(message).toEqual({
      contextUpdate: {
        tools: {
          tools: [
            { googleSearch: {} },
            { functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } } } }] },
          ],
        },
      },
    });
    expect(either.isRight(ContextUpdateMessage.decode(message))).toBe(true);
  });

  it('sends both fields together, and the SDK forms of "nothing"', () => {
    expect(toContextUpdate({ systemInstruction: ['a'], tools: { tools: [] } })).toEqual({
      contextUpdate: { systemInstruction: { parts: [{ text: 'a' }], role: 'user' }, tools: { tools: [] } },
    });
    expect(toContextUpdate({ tools: {} })).toEqual({ contextUpdate: { tools: {} } });
    expect(toContextUpdate({})).toEqual({ contextUpdate: {} });
  });

  it('checks fields of the other backend only when it knows the backend', () => {
    const params = { tools: { tools: [{ retrieval: {} }] } };
    expect(toContextUpdate(params, VERTEX).contextUpdate.tools).toEqual({ tools: [{ retrieval: {} }] });
    expect(toContextUpdate(params).contextUpdate.tools).toEqual({ tools: [{ retrieval: {} }] });
    expect(inputError(params, GEMINI).message).toBe(
      'Invalid contextUpdate input: tools.tools[0].retrieval: only supported on Vertex AI, not on the Gemini Developer API',
    );
    expect(inputError({ systemInstruction: { parts: [{ partMetadata: {} }] } }, VERTEX).message).toBe(
      'Invalid contextUpdate input: systemInstruction.parts[0].partMetadata: only supported on the Gemini Developer API, not on Vertex AI',
    );
  });

  it.each([
    ['a string', 'hello', '', 'expected an object such as {systemInstruction: "…"} or {tools: {tools: [...]}}'],
    ['an unknown field', { instructions: 'x' }, 'instructions', 'not a contextUpdate field: expected systemInstruction and tools'],
    ['tools as a bare list', { tools: [{ googleSearch: {} }] }, 'tools', 'expected {tools: [...]}: the list goes inside a wrapper object'],
    ['a tools list that is not a list', { tools: { tools: { googleSearch: {} } } }, 'tools.tools', 'expected an array of tools, got object'],
    ['a bad system instruction', { systemInstruction: 5 }, 'systemInstruction', 'expected text or a Part object, got number'],
    [
      'a CallableTool',
      { tools: { tools: [{ tool: () => Promise.resolve({}), callTool: () => Promise.resolve([]) }] } },
      'tools.tools[0]',
      'a CallableTool (such as an MCP tool) cannot be sent: pass the Tool it describes instead (await callableTool.tool())',
    ],
  ])('refuses %s', (_what, params, path, message) => {
    const error = inputError(params);
    expect(error.sink).toBe('contextUpdate');
    expect(error.message).toBe(`Invalid contextUpdate input: ${path === '' ? '' : `${path}: `}${message}`);
  });
});
