import type { Tool } from '@modelcontextprotocol/client';
import type { RemoteToolInfo } from '../catalog/types.js';
import { namespacedUiMeta } from './ui-meta.js';

const HINTS = ['title', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * The catalogue's view of a listed tool of `server` (only the fields the catalogue build uses;
 * `_meta` with its MCP Apps UI resource namespaced).
 */
export function toRemoteToolInfo(tool: Tool, server: string): RemoteToolInfo {
  const info: RemoteToolInfo = { name: tool.name, inputSchema: { ...tool.inputSchema } };
  if (tool.title !== undefined) info.title = tool.title;
  if (tool.description !== undefined) info.description = tool.description;
  if (tool.outputSchema !== undefined) info.outputSchema = { ...tool.outputSchema };
  const taskSupport = tool.execution?.taskSupport;
  if (taskSupport !== undefined) info.execution = { taskSupport };
  if (tool._meta !== undefined) info.meta = namespacedUiMeta(tool._meta, server);
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
