import type { Tool } from '@modelcontextprotocol/client';
import type { RemoteToolInfo } from '../catalog/types.js';

const HINTS = ['title', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * The catalogue's view of a listed tool (only the fields the catalogue build uses; `_meta` as the
 * server lists it: `Federation.tools()` publishes its MCP Apps UI resource URI).
 */
export function toRemoteToolInfo(tool: Tool): RemoteToolInfo {
  const info: RemoteToolInfo = { name: tool.name, inputSchema: { ...tool.inputSchema } };
  if (tool.title !== undefined) info.title = tool.title;
  if (tool.description !== undefined) info.description = tool.description;
  if (tool.outputSchema !== undefined) info.outputSchema = { ...tool.outputSchema };
  const taskSupport = tool.execution?.taskSupport;
  if (taskSupport !== undefined) info.execution = { taskSupport };
  if (tool._meta !== undefined) info.meta = { ...tool._meta };
  const a = tool.annotations;
  if (a !== undefined) {
    const annotations: NonNullable<RemoteToolInfo['annotations']> = {};
    for (const key of HINTS) {
      if (a[key] !== undefined) (annotations as Record<string, unknown>)[key] = a[key];
    }
    if (Object.keys(annotations).length > 0) info.annotations = annotations;
  }
  return info;
}
