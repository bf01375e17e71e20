import type { JsonSchema } from '../../spec/index.js';
import type { PublishedTool, RouterBranch } from '../surface-types.js';
import type { CatalogTool } from '../types.js';
import { combinedAnnotations } from './combined-annotations.js';
import { attachDefs, defsConflict, emptyDefs, mergeDefs } from './defs.js';
import { sanitizeSurfaceName } from './names.js';
import type { SurfaceOptions, SurfaceResult } from './options.js';
import { commonOutputSchema } from './output-schema.js';
import { type ToolParams, toolParams } from './params.js';
import { directTool } from './tools.js';

/** The router argument that picks the provider. */
export const PROVIDER_ARG = 'provider';
/** The router argument that picks the instance of a provider that has several. */
export const INSTANCE_ARG = 'instance';

interface Member extends RouterBranch {
  params: ToolParams;
}

function compare(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Instances per provider, in branch order (`undefined` for a branch without instance). */
export function instancesByProvider(branches: readonly RouterBranch[]): Map<string, (string | undefined)[]> {
  const out = new Map<string, (string | undefined)[]>();
  for (const b of branches) {
    const list = out.get(b.provider) ?? [];
    list.push(b.instance);
    out.set(b.provider, list);
  }
  return out;
}

function branchSchema(m: Member, withInstance: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = { [PROVIDER_ARG]: { const: m.provider } };
  const required = [PROVIDER_ARG];
  if (withInstance && m.instance !== undefined) {
    properties[INSTANCE_ARG] = { const: m.instance };
    required.push(INSTANCE_ARG);
  }
  Object.assign(properties, m.params.properties);
  required.push(...m.params.required);
  return { type: 'object', properties, required, additionalProperties: false };
}

function providersText(members: readonly Member[], instances: Map<string, (string | undefined)[]>): string {
  const labels = new Map(members.map((m) => [`${m.provider}\0${m.instance}`, m.tool.identity.instanceLabel]));
  const parts = [...instances].map(([provider, list]) => {
    if (list.length < 2) return provider;
    const named = list.map((i) => {
      if (i === undefined) return '(none)';
      const label = labels.get(`${provider}\0${i}`);
      return label !== undefined && label !== i ? `${i} (${label})` : i;
    });
    return `${provider} (instances: ${named.join(', ')})`;
  });
  const several = [...instances.values()].some((l) => l.length > 1);
  return (
    `Available on ${parts.join(', ')}. Set "${PROVIDER_ARG}"` +
    (several ? ` (and "${INSTANCE_ARG}" for a provider with several instances)` : '') +
    " to choose where it runs; the other arguments are that provider's parameters."
  );
}

function buildGroup(
  baseName: string,
  tools: readonly CatalogTool[],
  opts: SurfaceOptions,
  warnings: string[],
) {
  const name = sanitizeSurfaceName(baseName, opts.separator.includes('.'));
  const direct: PublishedTool[] = [];
  const members: Member[] = [];
  const taken = new Map<string, CatalogTool>();
  const defs = emptyDefs();
  for (const tool of tools) {
    const { provider, instance } = tool.identity;
    const where = `provider "${provider}"${instance === undefined ? '' : ` instance "${instance}"`}`;
    const key = `${provider}\0${instance ?? ''}\0${instance === undefined}`;
    const found = toolParams(tool);
    let reason: string | undefined;
    const first = taken.get(key);
    if (first !== undefined) reason = `"${first.name}" already runs "${baseName}" on ${where}`;
    else if (!found.ok) reason = found.reason;
    else if (PROVIDER_ARG in found.params.properties || INSTANCE_ARG in found.params.properties) {
      reason = `it has its own "${PROVIDER_ARG}" or "${INSTANCE_ARG}" parameter`;
    } else {
      const clash = defsConflict(defs, found.params.defs);
      if (clash !== undefined) reason = `its schema definition "${clash}" differs from another provider's`;
    }
    if (reason !== undefined || !found.ok) {
      warnings.push(`tool "${tool.name}" cannot join router tool "${name}" (${reason}); published as is.`);
      direct.push(directTool(tool));
      continue;
    }
    taken.set(key, tool);
    mergeDefs(defs, found.params.defs);
    const member: Member = { provider, tool, params: found.params };
    if (instance !== undefined) member.instance = instance;
    members.push(member);
  }
  if (members.length === 0) return direct;
  members.sort((a, b) => compare(a.provider, b.provider) || compare(a.instance, b.instance));
  const instances = instancesByProvider(members);
  const multi = [...instances].filter(([, list]) => list.length > 1);
  const properties: Record<string, JsonSchema> = {
    [PROVIDER_ARG]: { type: 'string', enum: [...instances.keys()], description: 'Where to run it.' },
  };
  const instanceNames = multi.flatMap(([, list]) => list.filter((i): i is string => i !== undefined));
  if (instanceNames.length > 0) {
    properties[INSTANCE_ARG] = {
      type: 'string',
      enum: [...new Set(instanceNames)],
      description: `Which instance of ${multi.map(([p]) => p).join(', ')} (required for those providers).`,
    };
  }
  const catalogTools = members.map((m) => m.tool);
  const first = members[0]!.tool;
  const published: PublishedTool = {
    name,
    description: `${providersText(members, instances)}\n${first.description}`,
    inputSchema: attachDefs(
      {
        type: 'object',
        properties,
        required: [PROVIDER_ARG],
        oneOf: members.map((m) => branchSchema(m, (instances.get(m.provider)?.length ?? 0) > 1)),
      },
      defs,
    ),
    annotations: combinedAnnotations(catalogTools),
    route: {
      kind: 'router',
      branches: members.map(({ provider, instance, tool }) =>
        instance === undefined ? { provider, tool } : { provider, instance, tool },
      ),
    },
  };
  if (first.title !== undefined) published.title = first.title;
  const output = commonOutputSchema(catalogTools);
  if (output !== undefined) published.outputSchema = output;
  return [published, ...direct];
}

/**
 * The `router` surface: tools grouped by base name, one published tool per base name whose
 * `provider` (and `instance`, for a provider with several) argument picks the catalogue tool —
 * a `oneOf` of one closed branch per provider/instance. A second tool for the same base name,
 * provider and instance (or one that cannot be merged) is published as is, with a warning.
 */
export function buildRouterSurface(tools: readonly CatalogTool[], opts: SurfaceOptions): SurfaceResult {
  const warnings: string[] = [];
  const groups = new Map<string, CatalogTool[]>();
  for (const tool of tools) {
    const list = groups.get(tool.baseName) ?? [];
    list.push(tool);
    groups.set(tool.baseName, list);
  }
  const published = [...groups].flatMap(([baseName, list]) => buildGroup(baseName, list, opts, warnings));
  return { tools: published, warnings };
}
