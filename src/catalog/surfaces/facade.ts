import type { JsonSchema } from '../../spec/index.js';
import type { PublishedTool } from '../surface-types.js';
import type { CatalogTool } from '../types.js';
import { combinedAnnotations } from './combined-annotations.js';
import { attachDefs, defsConflict, emptyDefs, mergeDefs } from './defs.js';
import { mergeProperties, type OperationParams } from './merge-params.js';
import { sanitizeSurfaceName } from './names.js';
import type { SurfaceResult } from './options.js';
import { commonOutputSchema } from './output-schema.js';
import { describeParams, toolParams } from './params.js';
import { summaryLine } from './summary-line.js';
import { directTool } from './tools.js';

/** The argument of a facade tool that picks the operation. */
export const OPERATION_ARG = 'operation';

interface Area {
  owner: string;
  group?: string;
  tools: CatalogTool[];
}

/** Tools by facade area (owner + group), in order of first appearance. */
function areasOf(tools: readonly CatalogTool[]): Area[] {
  const areas = new Map<string, Area>();
  for (const tool of tools) {
    const key = JSON.stringify([tool.owner, tool.group ?? null]);
    let area = areas.get(key);
    if (area === undefined) {
      area =
        tool.group === undefined
          ? { owner: tool.owner, tools: [] }
          : { owner: tool.owner, group: tool.group, tools: [] };
      areas.set(key, area);
    }
    area.tools.push(tool);
  }
  return [...areas.values()];
}

/** Operation keys: the base name, or the full tool name where base names clash within the area. */
function operationKeys(tools: readonly CatalogTool[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tools) counts.set(t.baseName, (counts.get(t.baseName) ?? 0) + 1);
  const used = new Set<string>();
  return tools.map((t) => {
    let key = counts.get(t.baseName) === 1 ? t.baseName : t.name;
    if (used.has(key)) key = t.name;
    used.add(key);
    return key;
  });
}

/** The name of an area's facade tool: `<owner>_<group>`, or `<owner>`, in `A-Z a-z 0-9 _ -`. */
export function facadeName(owner: string, group?: string): string {
  return sanitizeSurfaceName(group === undefined ? owner : `${owner}_${group}`);
}

function buildArea(area: Area, warnings: string[]): PublishedTool[] {
  const label = area.group === undefined ? area.owner : `${area.owner} ${area.group}`;
  const name = facadeName(area.owner, area.group);
  const direct: PublishedTool[] = [];
  const members: { tool: CatalogTool; params: OperationParams['params'] }[] = [];
  const defs = emptyDefs();
  for (const tool of area.tools) {
    const found = toolParams(tool);
    let reason: string | undefined;
    if (!found.ok) reason = found.reason;
    else if (OPERATION_ARG in found.params.properties) reason = `it has its own "${OPERATION_ARG}" parameter`;
    else {
      const clash = defsConflict(defs, found.params.defs);
      if (clash !== undefined) reason = `its schema definition "${clash}" differs from another operation's`;
    }
    if (reason !== undefined || !found.ok) {
      warnings.push(`tool "${tool.name}" cannot join facade "${name}" (${reason}); published as is.`);
      direct.push(directTool(tool));
      continue;
    }
    mergeDefs(defs, found.params.defs);
    members.push({ tool, params: found.params });
  }
  if (members.length === 0) return direct;
  const keys = operationKeys(members.map((m) => m.tool));
  const ops = members
    .map((m, i) => ({ key: keys[i]!, tool: m.tool, params: m.params }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const enumKeys = ops.map((o) => o.key);
  const properties: Record<string, JsonSchema> = {
    [OPERATION_ARG]: {
      type: 'string',
      enum: enumKeys,
      description: 'The operation to run; the tool description lists each one with its parameters.',
    },
    ...mergeProperties(ops),
  };
  const usage =
    ops.length === 1
      ? `1 operation. Set "${OPERATION_ARG}" to "${ops[0]!.key}" and pass its parameters next to it.`
      : `${ops.length} operations. Set "${OPERATION_ARG}" to one of them and pass that operation's ` +
        'parameters next to it.';
  const lines = [
    `${label}: ${usage}`,
    ...ops.map(
      (o) => `- ${o.key}: ${summaryLine(o.tool.description)} Parameters: ${describeParams(o.params)}.`,
    ),
  ];
  const tools = ops.map((o) => o.tool);
  const published: PublishedTool = {
    name,
    title: label,
    description: lines.join('\n'),
    inputSchema: attachDefs(
      { type: 'object', properties, required: [OPERATION_ARG], additionalProperties: false },
      defs,
    ),
    annotations: combinedAnnotations(tools),
    route: { kind: 'facade', operations: new Map(ops.map((o) => [o.key, o.tool])) },
  };
  const output = commonOutputSchema(tools);
  if (output !== undefined) published.outputSchema = output;
  return [published, ...direct];
}

/**
 * The `facade` surface: one tool per area (the tool's `group`, else its owner) named
 * `<owner>_<group>` (or `<owner>`), whose required `operation` argument picks the catalogue tool
 * and whose other arguments are the operations' parameters, flat. Tools that cannot be merged (a
 * root `oneOf`, their own `operation` parameter, …) are published as is, with a warning.
 */
export function buildFacadeSurface(tools: readonly CatalogTool[]): SurfaceResult {
  const warnings: string[] = [];
  const published = areasOf(tools).flatMap((area) => buildArea(area, warnings));
  return { tools: published, warnings };
}
