import type { Tool } from '@modelcontextprotocol/server';
import type { CatalogTool } from '../catalog/index.js';

/** The MCP `Tool` object listed for a catalogue tool. */
export function toWireTool(t: CatalogTool): Tool {
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
  return tool;
}
