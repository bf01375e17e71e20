import type { Tool } from '@modelcontextprotocol/server';
import type { PublishedTool } from '../catalog/index.js';

/** The MCP `Tool` object listed for a published tool. */
export function toWireTool(t: PublishedTool): Tool {
  const tool: Tool = {
    name: t.name,
    description: t.description,
    inputSchema: t.inputSchema as Tool['inputSchema'],
    annotations: {
      readOnlyHint: t.annotations.readOnly,
      destructiveHint: t.annotations.destructive,
      idempotentHint: t.annotations.idempotent,
      openWorldHint: t.annotations.openWorld,
      ...(t.title !== undefined ? { title: t.title } : {}),
    },
  };
  if (t.title !== undefined) tool.title = t.title;
  if (t.outputSchema !== undefined) tool.outputSchema = t.outputSchema as Tool['outputSchema'];
  if (t.execution !== undefined) tool.execution = { ...t.execution };
  // A federated tool published as itself keeps its server's `_meta` (MCP Apps UI resource, …).
  if (t.route.kind === 'direct' && t.route.tool.kind === 'mcp' && t.route.tool.meta !== undefined) {
    tool._meta = { ...t.route.tool.meta };
  }
  return tool;
}
