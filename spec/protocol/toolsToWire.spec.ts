import fc from 'fast-check';
import { normalizeSchema, toolsToWire } from '../../lib/protocol/toolsToWire';
import { failConfig } from '../../lib/protocol/validateWith';
import { LiveConfigError } from '../../lib/errors';

type Json = Record<string, unknown>;

const normalize = (schema: Json): Json => normalizeSchema(schema, 'schema', failConfig);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Every schema node below `schema` (through items, anyOf and properties). */
function nodes(schema: Json): Json[] {
  const children: unknown[] = [schema.items, ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])];
  if (typeof schema.properties === 'object' && schema.properties !== null) children.push(...Object.values(schema.properties));
  return [schema, ...children.filter((c): c is Json => typeof c === 'object' && c !== null).flatMap(nodes)];
}

const API_TYPES = ['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL'];

describe('normalizeSchema', () => {
  it.each<[string, Json, Json]>([
    ['keeps an OpenAPI-style schema', { type: 'OBJECT', properties: { a: { type: 'STRING', enum: ['x'] } }, required: ['a'] }, { type: 'OBJECT', properties: { a: { type: 'STRING', enum: ['x'] } }, required: ['a'] }],
    ['upper-cases JSON Schema types', { type: 'array', items: { type: 'integer' } }, { type: 'ARRAY', items: { type: 'INTEGER' } }],
    ['maps unknown type names to TYPE_UNSPECIFIED', { type: 'decimal' }, { type: 'TYPE_UNSPECIFIED' }],
    ['turns [T, "null"] into a nullable T', { type: ['string', 'null'] }, { nullable: true, type: 'STRING' }],
    ['turns a list of types into anyOf', { type: ['string', 'number'] }, { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] }],
    ['turns ["null"] into a nullable empty anyOf', { type: ['null'] }, { nullable: true, anyOf: [] }],
    [
      'replaces anyOf [null, X] by a nullable X (dropping siblings, as the SDK does)',
      { description: 'lost', anyOf: [{ type: 'null' }, { type: 'object', description: 'kept' }] },
      { nullable: true, type: 'OBJECT', description: 'kept' },
    ],
    ['takes null out of a longer anyOf', { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'integer' }] }, { anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }], nullable: true }],
    [
      'treats an anyOf alternative typed ["null"] as null, as the SDK does',
      { anyOf: [{ type: ['null'] }, { type: 'string' }, { type: 'integer' }] },
      { nullable: true, anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }] },
    ],
    ['drops additionalProperties and null-valued keys', { type: 'object', additionalProperties: { type: 'string' }, description: null }, { type: 'OBJECT' }],
  ])('%s', (_what, input, expected) => {
    expect(normalize(deepFreeze(input))).toEqual(expected);
  });

  it.each<[string, Json, string]>([
    ['type with anyOf', { type: 'string', anyOf: [] }, 'schema'],
    ['a null-only type', { type: 'object', properties: { a: { type: 'null' } } }, 'schema.properties.a.type'],
    ['a non-string type', { items: { type: 3 } }, 'schema.items.type'],
    ['a non-string type in a list', { type: ['string', 3] }, 'schema.type[1]'],
  ])('refuses %s', (_what, input, path) => {
    expect(() => normalize(input)).toThrow(LiveConfigError);
    try {
      normalize(input);
    } catch (error) {
      expect((error as LiveConfigError).path).toBe(path);
    }
  });

  const typeName = fc.constantFrom('string', 'number', 'integer', 'boolean', 'object', 'array', 'STRING', 'OBJECT', 'weird');
  const schemaArbitrary = fc.letrec<{ schema: Json; typed: Json }>((tie) => ({
    typed: fc.record(
      {
        type: fc.oneof(typeName, fc.uniqueArray(fc.oneof(typeName, fc.constant('null')), { minLength: 1, maxLength: 3 })),
        description: fc.string({ maxLength: 5 }),
        additionalProperties: fc.boolean(),
        items: tie('schema'),
        properties: fc.dictionary(fc.stringMatching(/^p_[a-z]{1,3}$/), tie('schema'), { maxKeys: 3 }),
      },
      { requiredKeys: ['type'] },
    ),
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('typed'),
      tie('typed').map((typed) => ({ anyOf: [{ type: 'null' }, typed] })),
    ),
  })).schema;

  it('leaves no JSON-Schema spelling behind, is idempotent and never modifies its input (property)', () => {
    fc.assert(
      fc.property(schemaArbitrary, (schema) => {
        const once = normalize(deepFreeze(schema));
        for (const node of nodes(once)) {
          expect(node).not.toHaveProperty('additionalProperties');
          if ('type' in node) expect(API_TYPES).toContain(node.type);
          expect(node.anyOf === undefined || node.type === undefined).toBe(true);
        }
        expect(normalize(once)).toEqual(once);
      }),
      { numRuns: 150 },
    );
  });
});

describe('toolsToWire', () => {
  it('refuses a value that is not a list', () => {
    expect(() => toolsToWire('googleSearch', undefined, 'tools', failConfig)).toThrow('Invalid Live config at tools: expected an array of tools, got string');
  });

  it('returns new tool objects, leaving the input alone', () => {
    const tools = deepFreeze([{ functionDeclarations: [{ name: 'f', parameters: { type: 'string' } }] }]);
    const wire = toolsToWire(tools, undefined, 'tools', failConfig);
    expect(wire).toEqual([{ functionDeclarations: [{ name: 'f', parameters: { type: 'STRING' } }] }]);
    expect(wire[0]).not.toBe(tools[0]);
  });

  it('returns tools without declarations as they are', () => {
    const tools = [{ googleSearch: {} }];
    expect(toolsToWire(tools, undefined, 'tools', failConfig)[0]).toBe(tools[0]);
  });
});
