import type { JsonSchema } from '../../spec/index.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
]);

type Convert = (schema: unknown) => unknown;

/** Convert the sub-schemas of one node (data keywords such as `default` and `enum` stay untouched). */
function convertChildren(node: Record<string, unknown>, convert: Convert): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    } else if ((SCHEMA_LISTS.has(key) || SCHEMA_VALUES.has(key)) && Array.isArray(value)) {
      out[key] = value.map(convert);
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = convert(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Rewrite the OpenAPI 3.0 dialect keywords of one schema node into JSON Schema 2020-12. */
function convertNode(node: Record<string, unknown>, convert: Convert): Record<string, unknown> {
  const out = convertChildren(node, convert);
  if (out.nullable === true) {
    const type = out.type;
    if (typeof type === 'string') out.type = [type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  delete out.nullable;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  if ('example' in out) {
    if (!('examples' in out)) out.examples = [out.example];
    delete out.example;
  }
  return out;
}

/**
 * An OpenAPI schema as JSON Schema 2020-12. 3.1 schemas already are (returned as is); 3.0 ones get
 * `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum` and `example` rewritten. Shared
 * sub-schemas stay shared (memoized per document), so a dereferenced DAG does not blow up.
 */
export function createSchemaConverter(openapiVersion: string): (schema: JsonSchema) => JsonSchema {
  if (!openapiVersion.startsWith('3.0')) return (schema) => schema;
  const memo = new WeakMap<object, unknown>();
  const convert = (value: unknown): unknown => {
    if (!isRecord(value)) return value;
    const hit = memo.get(value);
    if (hit !== undefined) return hit;
    const out = convertNode(value, convert);
    memo.set(value, out);
    return out;
  };
  return (schema) => convert(schema) as JsonSchema;
}
