import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from '../../spec/index.js';
import type { ToolParams } from './params.js';

/** One operation's parameters, keyed by the operation's facade key. */
export interface OperationParams {
  key: string;
  params: ToolParams;
}

function schemaGist(schema: JsonSchema): string {
  if (typeof schema.description === 'string' && schema.description.trim().length > 0) {
    return schema.description
      .trim()
      .split('\n')[0]!
      .trim()
      .replace(/[.;:]+$/, '');
  }
  if (schema.type !== undefined) return `type ${JSON.stringify(schema.type)}`;
  return 'any value';
}

/**
 * The flat properties of a facade: every operation's parameters side by side, in order of first
 * appearance. A name several operations declare with the same schema keeps that schema; with
 * different schemas it becomes `anyOf` of the distinct ones, described per operation.
 */
export function mergeProperties(operations: readonly OperationParams[]): Record<string, JsonSchema> {
  const uses = new Map<string, { schema: JsonSchema; keys: string[] }[]>();
  for (const { key, params } of operations) {
    for (const [name, schema] of Object.entries(params.properties)) {
      let variants = uses.get(name);
      if (variants === undefined) {
        variants = [];
        uses.set(name, variants);
      }
      const same = variants.find((v) => isDeepStrictEqual(v.schema, schema));
      if (same === undefined) variants.push({ schema, keys: [key] });
      else same.keys.push(key);
    }
  }
  const properties: Record<string, JsonSchema> = {};
  for (const [name, variants] of uses) {
    if (variants.length === 1) {
      properties[name] = variants[0]!.schema;
      continue;
    }
    const forms = variants.map((v) => `${v.keys.join(', ')}: ${schemaGist(v.schema)}`).join('; ');
    properties[name] = {
      anyOf: variants.map((v) => v.schema),
      description: `Differs by operation — ${forms}.`,
    };
  }
  return properties;
}
