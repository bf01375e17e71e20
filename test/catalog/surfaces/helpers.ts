import type {
  CatalogTool,
  HttpCatalogTool,
  McpCatalogTool,
  OperationAnnotations,
} from '../../../src/catalog/index.js';
import type { JsonSchema, SystemIdentity } from '../../../src/spec/index.js';

/** Read-only, idempotent, closed-world. */
export const READ: OperationAnnotations = {
  readOnly: true,
  destructive: false,
  idempotent: true,
  openWorld: false,
};
/** A plain write. */
export const WRITE: OperationAnnotations = {
  readOnly: false,
  destructive: false,
  idempotent: false,
  openWorld: false,
};

/** An object schema with the given string properties (`name!` = required). */
export function params(...names: string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const n of names) {
    const bare = n.replace(/!$/, '');
    properties[bare] = { type: 'string', description: `The ${bare}.` };
    if (n.endsWith('!')) required.push(bare);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

export interface ToolParts {
  owner?: string;
  baseName?: string;
  identity?: SystemIdentity;
  title?: string;
  description?: string;
  inputSchema?: JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: OperationAnnotations;
  tags?: string[];
  group?: string;
}

/** A federated-server catalogue tool; the owner defaults to the part of the name before the first dot. */
export function mcpTool(name: string, parts: ToolParts = {}): McpCatalogTool {
  const owner = parts.owner ?? (name.includes('.') ? name.slice(0, name.indexOf('.')) : 'srv');
  const baseName = parts.baseName ?? (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name);
  const tool: McpCatalogTool = {
    kind: 'mcp',
    server: owner,
    remoteName: baseName,
    name,
    baseName,
    owner,
    identity: parts.identity ?? { provider: owner },
    description: parts.description ?? `Does ${baseName}.`,
    inputSchema: parts.inputSchema ?? params(),
    annotations: parts.annotations ?? READ,
    tags: parts.tags ?? [],
  };
  if (parts.title !== undefined) tool.title = parts.title;
  if (parts.outputSchema !== undefined) tool.outputSchema = parts.outputSchema;
  if (parts.group !== undefined) tool.group = parts.group;
  return tool;
}

/** An HTTP catalogue tool of system `owner` (GET /<baseName>). */
export function httpTool(name: string, parts: ToolParts = {}): HttpCatalogTool {
  const base = mcpTool(name, parts);
  const { kind: _kind, server: _server, remoteName: _remote, ...rest } = base;
  return {
    ...rest,
    kind: 'http',
    operation: {
      system: base.owner,
      name: base.baseName,
      method: 'GET',
      path: `/${base.baseName}`,
      description: base.description,
      params: [],
      body: { kind: 'fields' },
      annotations: base.annotations,
      tags: base.tags,
    },
    system: {
      name: base.owner,
      baseUrl: `https://${base.owner}.example.com`,
      auth: { type: 'none' },
      headers: {},
      identityHeaders: {},
      connectTimeoutMs: 1000,
      timeoutMs: 1000,
      maxResponseBytes: 1000,
      retry: false,
      identity: base.identity,
    },
  };
}

/** Names of tools, in order. */
export function names(tools: readonly { name: string }[]): string[] {
  return tools.map((t) => t.name);
}

/** Surface options used by most tests. */
export const OPTS = { descriptionMaxLength: 1024, separator: '.' };

/** Sort like the catalogue does. */
export function sorted<T extends CatalogTool>(tools: T[]): T[] {
  return [...tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
