import type { PublishedTool } from '../surface-types.js';
import type { CatalogTool } from '../types.js';
import type { SurfaceResult } from './options.js';

/** One catalogue tool published as is: same name, title, description, schemas and annotations. */
export function directTool(tool: CatalogTool): PublishedTool {
  const published: PublishedTool = {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
    route: { kind: 'direct', tool },
  };
  if (tool.title !== undefined) published.title = tool.title;
  if (tool.outputSchema !== undefined) published.outputSchema = tool.outputSchema;
  if (tool.kind === 'mcp' && tool.execution !== undefined) published.execution = tool.execution;
  return published;
}

/** The `tools` surface: one published tool per catalogue tool. */
export function buildToolsSurface(tools: readonly CatalogTool[]): SurfaceResult {
  return { tools: tools.map(directTool), warnings: [] };
}
