import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { ClientContentMessage } from '../../lib/protocol/clientMessages';
import { type LiveClientContentInput, toClientContent } from '../../lib/protocol/toClientContent';
import { LiveInputError } from '../../lib/errors';
import type { LiveBackend } from '../../lib/transport/endpointOptions';

const GEMINI: LiveBackend = { kind: 'gemini' };
const VERTEX: LiveBackend = { kind: 'vertex', project: 'p', location: 'l' };

function inputError(params: unknown, backend?: LiveBackend): LiveInputError {
  try {
    toClientContent(params as LiveClientContentInput, backend);
  } catch (error) {
    if (error instanceof LiveInputError) return error;
    throw error;
  }
  throw new Error('expected a LiveInputError');
}

describe('toClientContent', () => {
  describe('conversions', () => {
    it('turns a string into one user turn, completing it by default', () => {
      expect(toClientContent({ turns: 'Hello' })).toEqual({
        clientContent: { turns: [{ parts: [{ text: 'Hello' }], role: 'user' }], turnComplete: true },
      });
    });

    it('turns strings and Parts into one user Content', () => {
      expect(toClientContent({ turns: ['a', { text: 'b' }, { inlineData: { data: 'AA==', mimeType: 'image/png' } }] })).toEqual({
        clientContent: {
          turns: [{ parts: [{ text: 'a' }, { text: 'b' }, { inlineData: { data: 'AA==', mimeType: 'image/png' } }], role: 'user' }],
          turnComplete: true,
        },
      });
      expect(toClientContent({ turns: { text: 'one part' } }).clientContent.turns).toEqual([{ parts: [{ text: 'one part' }], role: 'user' }]);
    });

    it('passes Contents as they are, so history can be seeded with model turns', () => {
      const turns = [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello!' }] },
      ];
      const message = toClientContent({ turns, turnComplete: false });
      expect(message).toEqual({ clientContent: { turns, turnComplete: false } });
      expect(message.clientContent.turns?.[0]).toBe(turns[0]);
      expect(toClientContent({ turns: turns[1] }).clientContent.turns).toEqual([turns[1]]);
    });

    it('allows function parts inside a Content', () => {
      const turns = [{ role: 'model', parts: [{ functionCall: { id: '1', name: 'f', args: {} } }] }];
      expect(toClientContent({ turns }).clientContent.turns).toEqual(turns);
    });

    it('has the short forms of the SDK', () => {
      expect(toClientContent({})).toEqual({ clientContent: { turnComplete: true } });
      expect(toClientContent()).toEqual({ clientContent: { turnComplete: true } });
      expect(toClientContent({ turnComplete: false })).toEqual({ clientContent: { turnComplete: false } });
      expect(toClientContent({ turns: undefined })).toEqual({ clientContent: { turnComplete: true } });
    });

    it('leaves turnComplete out when it is explicitly undefined, as the SDK does', () => {
      expect(toClientContent({ turns: 'x', turnComplete: undefined })).toEqual({
        clientContent: { turns: [{ parts: [{ text: 'x' }], role: 'user' }] },
      });
    });

    it('keeps unknown part fields (forward compatible)', () => {
      expect(toClientContent({ turns: [{ text: 'a', futureField: 1 } as { text: string }] }).clientContent.turns).toEqual([
        { parts: [{ text: 'a', futureField: 1 }], role: 'user' },
      ]);
    });

    it('accepts Vertex-only part fields on Vertex AI, where the SDK does not convert turns', () => {
      const turns = [{ role: 'model', parts: [{ functionCall: { name: 'f', willContinue: true } }] }];
      expect(toClientContent({ turns }, VERTEX).clientContent.turns).toEqual(turns);
      expect(toClientContent({ turns }).clientContent.turns).toEqual(turns);
    });
  });

  describe('errors', () => {
    it.each([
      ['an array', [], '', 'expected an object such as {turns: "Hello", turnComplete: true}'],
      ['a string', 'Hello', '', 'expected an object such as {turns: "Hello", turnComplete: true}'],
      ['an unknown field', { turn: 'x' }, 'turn', 'not a clientContent field: expected turns and turnComplete'],
      ['a non-boolean turnComplete', { turnComplete: 'yes' }, 'turnComplete', 'expected a boolean, got string'],
      ['empty turns', { turns: [] }, 'turns', 'expected at least one turn, got an empty array'],
      [
        'Contents mixed with Parts',
        { turns: [{ role: 'user', parts: [{ text: 'a' }] }, 'b'] },
        'turns[1]',
        'cannot mix Contents and Parts in one array: group the parts into Contents, each with its role',
      ],
      [
        'Parts mixed with Contents',
        { turns: ['a', { role: 'user', parts: [] }] },
        'turns[1]',
        'cannot mix Contents and Parts in one array: group the parts into Contents, each with its role',
      ],
      [
        'a bare functionCall part',
        { turns: { functionCall: { name: 'f' } } },
        'turns',
        'a functionCall or functionResponse part must be wrapped in a Content that gives its role; answer tool calls through toolResponse',
      ],
      [
        'a functionResponse part in a list',
        { turns: ['a', { functionResponse: { name: 'f', response: {} } }] },
        'turns[1]',
        'a functionCall or functionResponse part must be wrapped in a Content that gives its role; answer tool calls through toolResponse',
      ],
      ['a number part', { turns: ['a', 3] }, 'turns[1]', 'expected text or a Part object, got number'],
      ['a null part', { turns: [null] }, 'turns[0]', 'expected text or a Part object, got null'],
      ['a bad part field', { turns: [{ text: 1 }] }, 'turns[0].text', 'expected string, got 1'],
      ['a bad Content', { turns: [{ role: 7, parts: [] }] }, 'turns[0].role', 'expected string, got 7'],
      ['a bad part in a Content', { turns: { parts: ['text'] } }, 'turns.parts[0]', 'expected Part, got "text"'],
    ])('refuses %s', (_what, params, path, message) => {
      const error = inputError(params);
      expect(error.sink).toBe('clientContent');
      expect(error.kind).toBe('input');
      expect(error.message).toBe(`Invalid clientContent input: ${path === '' ? '' : `${path}: `}${message}`);
    });

    it('refuses Vertex-only part fields on the Gemini API', () => {
      const error = inputError({ turns: [{ role: 'model', parts: [{ text: 'a' }, { functionCall: { name: 'f', partialArgs: [] } }] }] }, GEMINI);
      expect(error.message).toBe(
        'Invalid clientContent input: turns[0].parts[1].functionCall.partialArgs: only supported on Vertex AI, not on the Gemini Developer API',
      );
    });
  });

  it('always returns one valid ClientContentMessage whose turns are user Contents for text (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.array(fc.oneof(fc.string(), fc.record({ text: fc.string() })), { minLength: 1, maxLength: 5 })),
        fc.option(fc.boolean(), { nil: undefined }),
        (turns, turnComplete) => {
          const params: LiveClientContentInput = turnComplete === undefined ? { turns } : { turns, turnComplete };
          const message = toClientContent(params);
          expect(either.isRight(ClientContentMessage.decode(message))).toBe(true);
          expect(message.clientContent.turnComplete).toBe(turnComplete ?? true);
          const texts = (Array.isArray(turns) ? turns : [turns]).map((part) => (typeof part === 'string' ? part : part.text));
          expect(message.clientContent.turns).toEqual([{ parts: texts.map((text) => ({ text })), role: 'user' }]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
