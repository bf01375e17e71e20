import type { JsonSchema } from '../../spec/index.js';
import type { PublishedTool } from '../surface-types.js';
import type { CatalogTool } from '../types.js';
import type { SurfaceResult } from './options.js';

/** Name of the search surface's search tool. */
export const SEARCH_TOOLS = 'search_tools';
/** Name of the search surface's call tool. */
export const CALL_TOOL = 'call_tool';

/** What `search_tools` returns as structured content. */
const SEARCH_OUTPUT: JsonSchema = {
  type: 'object',
  properties: {
    tools: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          title: { type: 'string' },
          description: { type: 'string' },
          inputSchema: { type: 'object' },
        },
        required: ['name', 'description', 'inputSchema'],
      },
    },
  },
  required: ['tools'],
};

function scope(tools: readonly CatalogTool[]): string {
  const owners = [...new Set(tools.map((t) => t.owner))];
  const shown = owners.slice(0, 8).join(', ') + (owners.length > 8 ? ', …' : '');
  return `${tools.length} tool${tools.length === 1 ? '' : 's'}${owners.length > 0 ? ` from ${shown}` : ''}`;
}

/**
 * The `search` surface: `search_tools` (ranked search over the view's tools, returning their
 * input schemas) and `call_tool` (run one by exact name). Calls are served by the gateway.
 */
export function buildSearchSurface(tools: readonly CatalogTool[]): SurfaceResult {
  const search: PublishedTool = {
    name: SEARCH_TOOLS,
    title: 'Search tools',
    description:
      `Find the right tool among this server's ${scope(tools)}: describe what you want to do in a few ` +
      'words (e.g. "why did the nightly sync fail"). Returns the best matches, each with its exact name, ' +
      'description and input schema. Then run one with call_tool, passing that exact name and ' +
      'arguments that match its input schema. Search again with other words if nothing fits.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, description: 'What you want to do, in plain words.' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: 50,
          default: 10,
          description: 'How many matches to return (1-50, default 10).',
        },
      },
      required: ['query'],
      additionalProperties: false,
    },
    outputSchema: SEARCH_OUTPUT,
    annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
    route: { kind: 'search' },
  };
  const call: PublishedTool = {
    name: CALL_TOOL,
    title: 'Call a tool',
    description:
      'Run a tool found with search_tools. Call search_tools first: the tools are not listed otherwise. ' +
      'Pass "name", the exact tool name search_tools returned, and "arguments", an object that matches ' +
      "that tool's input schema (required fields included). Returns the tool's own result.",
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, description: 'Exact tool name, as returned by search_tools.' },
        arguments: {
          type: 'object',
          default: {},
          description: "The tool's arguments, matching the input schema search_tools returned.",
        },
      },
      required: ['name'],
      additionalProperties: false,
    },
    annotations: {
      readOnly: false,
      destructive: tools.some((t) => t.annotations.destructive),
      idempotent: false,
      openWorld: true,
    },
    route: { kind: 'call_tool' },
  };
  return { tools: [search, call], warnings: [] };
}
