import type { CallToolResult } from '@modelcontextprotocol/server';
import { searchTools } from '../catalog/index.js';
import { invalidArgumentsResult } from './tool-result.js';
import type { ViewRuntime } from './view-runtime.js';

/** The `search_tools` result: ranked matches with their input schemas. */
export function searchToolsResult(view: ViewRuntime, args: Record<string, unknown>): CallToolResult {
  const { query, limit } = args;
  if (typeof query !== 'string' || query.trim().length === 0) {
    return invalidArgumentsResult(
      'search_tools',
      'argument "query" is required: describe what you want to do.',
    );
  }
  if (
    limit !== undefined &&
    (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 50)
  ) {
    return invalidArgumentsResult('search_tools', 'argument "limit" must be an integer from 1 to 50.');
  }
  const hits = searchTools(view.searchIndex, query, typeof limit === 'number' ? limit : 10);
  const tools = hits.map((h) => ({
    name: h.name,
    ...(h.title !== undefined ? { title: h.title } : {}),
    description: h.description,
    inputSchema: h.inputSchema,
  }));
  const text =
    tools.length === 0
      ? `No tools match "${query}". Try other words.`
      : `${tools.length} tools match "${query}"; call one with call_tool {"name": …, "arguments": {…}}.\n` +
        tools.map((t) => `- ${t.name}: ${t.description.split('\n')[0]}`).join('\n');
  return { content: [{ type: 'text', text }], structuredContent: { tools } };
}
