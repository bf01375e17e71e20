import type { JsonSchema, SystemSpec } from '../spec/index.js';
import { capDescription } from './description.js';
import { WAIT_ARGUMENT, waitArgumentSchema } from './long-running.js';
import type { HttpCatalogTool, OperationSpec } from './types.js';

/** A title from an operation name: `get_flow_mappings` / `getFlowMappings` → `Get flow mappings`. */
export function titleFromName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((w) => w.length > 0)
    .map((w) => (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : w.toLowerCase()));
  const text = words.join(' ');
  return text.length === 0 ? name : text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The tool's input schema: a closed JSON Schema 2020-12 object with one property per argument,
 * plus an optional boolean `wait` for a long-running operation.
 */
export function inputSchemaFor(op: OperationSpec): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of op.params) {
    properties[p.name] = p.schema;
    if (p.required) required.push(p.name);
  }
  if (op.longRunning !== undefined) properties[WAIT_ARGUMENT] = waitArgumentSchema(op.longRunning.maxWaitMs);
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  schema.additionalProperties = false;
  return schema;
}

/**
 * The catalogue tool for an operation of `system`, published as `name`; its description is cut
 * to `descriptionMaxLength` (see {@link capDescription}).
 */
export function toCatalogTool(
  op: OperationSpec,
  system: SystemSpec,
  name: string,
  descriptionMaxLength = Number.POSITIVE_INFINITY,
): HttpCatalogTool {
  const description =
    op.description.length > 0 ? op.description : `${op.method} ${op.path} on ${system.name}.`;
  const tool: HttpCatalogTool = {
    kind: 'http',
    name,
    baseName: op.name,
    owner: system.name,
    identity: system.identity,
    title: op.title ?? titleFromName(op.name),
    description: capDescription(description, descriptionMaxLength),
    inputSchema: inputSchemaFor(op),
    annotations: op.annotations,
    tags: [...op.tags],
    operation: op,
    system,
  };
  if (op.group !== undefined) tool.group = op.group;
  return tool;
}
