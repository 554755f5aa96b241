/**
 * Tools as the server wants them, shared by `setup.tools` and `contextUpdate.tools`.
 * Function schemas get the SDK's treatment so the wire is the same:
 *
 * - `parameters` (and `response`) carrying `$schema` are plain JSON Schema: they move to
 *   `parametersJsonSchema` (`responseJsonSchema`) unless that field is already set;
 * - otherwise they are the API's OpenAPI-style `Schema`, and JSON-Schema habits are translated:
 *   lower-case `type` names are upper-cased (unknown ones become `TYPE_UNSPECIFIED`), `type: [T, 'null']`
 *   and `anyOf: [{type: 'null'}, X]` become `nullable: true`, other type lists become `anyOf`, and
 *   `additionalProperties` (which `Schema` lacks) is dropped.
 *
 * The input is never modified: the SDK rewrites the caller's tool objects in place; we copy.
 *
 * @since 0.1.0
 */
import type { LiveBackend } from '../transport/endpointOptions';
import { rejectBackendOnlyFields, TOOL_ONLY_FIELDS } from './backendOnlyFields';
import { FunctionDeclaration, Tool } from './liveConnectConfig';
import { type Fail, joinPath, validateWith } from './validateWith';
import { isRecord } from '../util/isRecord';

/** The values of the API's `Type` enum. */
const SCHEMA_TYPES: ReadonlySet<string> = new Set([
  'TYPE_UNSPECIFIED',
  'STRING',
  'NUMBER',
  'INTEGER',
  'BOOLEAN',
  'ARRAY',
  'OBJECT',
  'NULL',
]);

type JsonRecord = Record<string, unknown>;

/**
 * Checks `tools` and returns copies ready for the wire. `backend` refuses the tool kinds and options
 * the other backend owns; when it is `undefined` that check is skipped.
 *
 * @internal
 */
export function toolsToWire(tools: unknown, backend: LiveBackend | undefined, path: string, fail: Fail): Tool[] {
  if (!Array.isArray(tools)) return fail(path, `expected an array of tools, got ${tools === null ? 'null' : typeof tools}`);
  return tools.map((tool: unknown, index) => toolToWire(tool, backend, joinPath(path, index), fail));
}

function toolToWire(value: unknown, backend: LiveBackend | undefined, path: string, fail: Fail): Tool {
  if (isRecord(value) && (typeof value.callTool === 'function' || typeof value.tool === 'function')) {
    return fail(
      path,
      'a CallableTool (such as an MCP tool) cannot be sent: pass the Tool it describes instead (await callableTool.tool())',
    );
  }
  const tool = validateWith(Tool, value, path, fail);
  if (backend !== undefined) rejectBackendOnlyFields(tool, TOOL_ONLY_FIELDS, backend, path, fail);
  if (tool.functionDeclarations === undefined) return tool;
  const declarationsPath = joinPath(path, 'functionDeclarations');
  return {
    ...tool,
    functionDeclarations: tool.functionDeclarations.map((declaration, index) =>
      declarationToWire(declaration, joinPath(declarationsPath, index), fail),
    ),
  };
}

function declarationToWire(declaration: FunctionDeclaration, path: string, fail: Fail): FunctionDeclaration {
  if (declaration.name === undefined) return fail(joinPath(path, 'name'), 'required: the name the model calls the function by');
  let result: JsonRecord = { ...declaration };
  result = schemaFieldToWire(result, 'parameters', 'parametersJsonSchema', path, fail);
  result = schemaFieldToWire(result, 'response', 'responseJsonSchema', path, fail);
  return validateWith(FunctionDeclaration, result, path, fail);
}

function schemaFieldToWire(declaration: JsonRecord, field: string, jsonSchemaField: string, path: string, fail: Fail): JsonRecord {
  const schema = declaration[field];
  if (!isRecord(schema)) return declaration;
  if (!('$schema' in schema)) {
    return { ...declaration, [field]: normalizeSchema(schema, joinPath(path, field), fail) };
  }
  if (declaration[jsonSchemaField]) return declaration;
  const { [field]: moved, ...rest } = declaration;
  return { ...rest, [jsonSchemaField]: moved };
}

/**
 * An OpenAPI-style `Schema` with the JSON-Schema spellings translated (see the module comment).
 *
 * @internal
 */
export function normalizeSchema(input: JsonRecord, path: string, fail: Fail): JsonRecord {
  const result: JsonRecord = {};
  if (input.type && input.anyOf) return fail(path, 'a schema cannot set both type and anyOf');
  let schema = input;
  // `anyOf: [{type: 'null'}, X]` is how JSON Schema writes "X or null"; the API writes `nullable`.
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const [first, second] = anyOf as unknown[];
    if (isRecord(first) && first.type === 'null' && isRecord(second)) {
      result.nullable = true;
      schema = second;
    } else if (isRecord(second) && second.type === 'null' && isRecord(first)) {
      result.nullable = true;
      schema = first;
    }
  }
  if (Array.isArray(schema.type)) flattenTypeList(schema.type, result, joinPath(path, 'type'), fail);
  for (const [key, value] of Object.entries(schema)) {
    if (value === undefined || value === null) continue;
    const here = joinPath(path, key);
    switch (key) {
      case 'type':
        if (!Array.isArray(value)) result.type = schemaType(value, here, fail);
        break;
      case 'items':
        result.items = isRecord(value) ? normalizeSchema(value, here, fail) : value;
        break;
      case 'anyOf':
        result.anyOf = normalizeAnyOf(value, result, here, fail);
        break;
      case 'properties':
        result.properties = isRecord(value)
          ? Object.fromEntries(
              Object.entries(value).map(([name, property]) => [
                name,
                isRecord(property) ? normalizeSchema(property, joinPath(here, name), fail) : property,
              ]),
            )
          : value;
        break;
      case 'additionalProperties':
        break;
      default:
        result[key] = value;
    }
  }
  return result;
}

function normalizeAnyOf(value: unknown, result: JsonRecord, path: string, fail: Fail): unknown {
  if (!Array.isArray(value)) return value;
  const alternatives: unknown[] = [];
  value.forEach((alternative: unknown, index) => {
    if (isRecord(alternative) && isNullType(alternative.type)) {
      result.nullable = true;
    } else {
      alternatives.push(isRecord(alternative) ? normalizeSchema(alternative, joinPath(path, index), fail) : alternative);
    }
  });
  return alternatives;
}

/**
 * Whether an `anyOf` alternative stands for null. The SDK compares loosely here, so `type: ['null']`
 * counts too; we follow it to stay wire-equal.
 */
function isNullType(type: unknown): boolean {
  return type === 'null' || (Array.isArray(type) && String(type) === 'null');
}

function flattenTypeList(types: readonly unknown[], result: JsonRecord, path: string, fail: Fail): void {
  if (types.includes('null')) result.nullable = true;
  const others = types.filter((type) => type !== 'null');
  if (others.length === 1) {
    result.type = schemaType(others[0], joinPath(path, 0), fail);
  } else {
    result.anyOf = others.map((type, index) => ({ type: schemaType(type, joinPath(path, index), fail) }));
  }
}

function schemaType(type: unknown, path: string, fail: Fail): string {
  if (typeof type !== 'string') return fail(path, 'expected a type name such as "OBJECT" or "string"');
  if (type === 'null') return fail(path, '"null" cannot be the only type: use nullable, or a list of types');
  const upper = type.toUpperCase();
  return SCHEMA_TYPES.has(upper) ? upper : 'TYPE_UNSPECIFIED';
}
