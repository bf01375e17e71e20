import type { McpServerConfig } from '../spec/index.js';
import { capDescription } from './description.js';
import type { McpCatalogTool, OperationAnnotations, RemoteToolInfo } from './types.js';

/**
 * A federated tool's annotations: its hints, else the MCP specification's defaults (not read-only,
 * destructive, not idempotent, open world).
 */
export function remoteAnnotations(info: RemoteToolInfo): OperationAnnotations {
  const hints = info.annotations ?? {};
  return {
    readOnly: hints.readOnlyHint ?? false,
    destructive: hints.destructiveHint ?? true,
    idempotent: hints.idempotentHint ?? false,
    openWorld: hints.openWorldHint ?? true,
  };
}

/**
 * The catalogue tool for a tool of the federated MCP server `server`, published as `name`: schemas
 * as listed, title from `title` or `annotations.title`, description (cut to
 * `descriptionMaxLength`) defaulting to `Tool <name> of MCP server <server>.`.
 */
export function toMcpCatalogTool(
  server: McpServerConfig,
  info: RemoteToolInfo,
  name: string,
  descriptionMaxLength = Number.POSITIVE_INFINITY,
): McpCatalogTool {
  const text = info.description?.trim() ?? '';
  const description = text.length > 0 ? text : `Tool ${info.name} of MCP server ${server.name}.`;
  const tool: McpCatalogTool = {
    kind: 'mcp',
    name,
    baseName: info.name,
    owner: server.name,
    identity: server.identity,
    server: server.name,
    remoteName: info.name,
    description: capDescription(description, descriptionMaxLength),
    inputSchema: info.inputSchema,
    annotations: remoteAnnotations(info),
    tags: [],
  };
  const title = info.title ?? info.annotations?.title;
  if (title !== undefined) tool.title = title;
  if (info.outputSchema !== undefined) tool.outputSchema = info.outputSchema;
  if (info.execution !== undefined) tool.execution = info.execution;
  if (info.meta !== undefined) tool.meta = info.meta;
  return tool;
}
