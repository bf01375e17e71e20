import type { JsonSchema } from '../../spec/index.js';
import type { CatalogTool } from '../types.js';

/** A tool's top-level parameters, ready to be merged into a facade or router schema. */
export interface ToolParams {
  properties: Record<string, JsonSchema>;
  required: string[];
  /** Schemas the properties may reference as `#/$defs/…` or `#/definitions/…`. */
  defs: Defs;
}

/** Reusable sub-schemas of a JSON Schema root, by keyword. */
export interface Defs {
  $defs: Record<string, JsonSchema>;
  definitions: Record<string, JsonSchema>;
}

/** Root keywords a flattenable input schema may use (anything else changes what is valid). */
const FLAT_KEYS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'description',
  'title',
  '$schema',
  '$defs',
  'definitions',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parameters of a tool whose input schema is a plain object schema (properties, required,
 * $defs), or why it is not: root `oneOf`/`allOf`/`$ref`/… cannot be merged into another schema.
 */
export function toolParams(
  tool: CatalogTool,
): { ok: true; params: ToolParams } | { ok: false; reason: string } {
  const schema = tool.inputSchema;
  const odd = Object.keys(schema).filter((k) => !FLAT_KEYS.has(k));
  if (odd.length > 0) {
    return { ok: false, reason: `its input schema uses ${odd.map((k) => `"${k}"`).join(', ')} at the root` };
  }
  if (schema.type !== undefined && schema.type !== 'object') {
    return {
      ok: false,
      reason: `its input schema is not an object schema (type ${JSON.stringify(schema.type)})`,
    };
  }
  const properties: Record<string, JsonSchema> = {};
  if (isObject(schema.properties)) {
    for (const [name, value] of Object.entries(schema.properties)) {
      properties[name] = isObject(value) ? value : {};
    }
  }
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === 'string' && r in properties)
    : [];
  const defs: Defs = {
    $defs: isObject(schema.$defs) ? (schema.$defs as Record<string, JsonSchema>) : {},
    definitions: isObject(schema.definitions) ? (schema.definitions as Record<string, JsonSchema>) : {},
  };
  return { ok: true, params: { properties, required, defs } };
}

/** Parameter names of a tool's input schema (its top-level properties). */
export function paramNames(tool: CatalogTool): string[] {
  const props = tool.inputSchema.properties;
  return isObject(props) ? Object.keys(props) : [];
}

/** `run_id (required), error_class, limit`, or `none`. */
export function describeParams(params: Pick<ToolParams, 'properties' | 'required'>): string {
  const names = Object.keys(params.properties);
  if (names.length === 0) return 'none';
  return names.map((n) => (params.required.includes(n) ? `${n} (required)` : n)).join(', ');
}

/** The parameter list of a tool for messages (see {@link describeParams}). */
export function describeToolParams(tool: CatalogTool): string {
  const found = toolParams(tool);
  if (found.ok) return describeParams(found.params);
  return paramNames(tool).join(', ') || 'none';
}
