import { type CatalogTool, type OperationAnnotations, searchTools } from '../catalog/index.js';
import type { Gateway } from '../gateway/index.js';
import { DEFAULT_VIEW } from '../spec/index.js';

/** Where a tool comes from (the Tools page's source filter). */
export type ToolSource = 'yaml' | 'openapi' | 'mcp' | 'builtin';

export const SOURCE_LABELS: Record<ToolSource, string> = {
  yaml: 'YAML system',
  openapi: 'OpenAPI',
  mcp: 'Federated MCP server',
  builtin: 'Built-in',
};

/** One row of the tool picker. */
export interface PickerTool {
  name: string;
  title?: string;
  description: string;
  source: ToolSource;
  owner: string;
  annotations: OperationAnnotations;
}

/** Filters and paging of the picker. */
export interface PickerQuery {
  view: string;
  q: string;
  source: ToolSource | '';
  /** `read` (read-only), `write`, or both. */
  access: 'read' | 'write' | '';
  page: number;
  pageSize: number;
}

/** One page of the picker. */
export interface PickerPage {
  tools: PickerTool[];
  total: number;
  page: number;
  pages: number;
}

function pickerTool(t: CatalogTool, openapi: ReadonlySet<string>): PickerTool {
  return {
    name: t.name,
    ...(t.title !== undefined ? { title: t.title } : {}),
    description: t.description,
    source: t.kind === 'mcp' ? 'mcp' : openapi.has(t.owner) ? 'openapi' : 'yaml',
    owner: t.kind === 'mcp' ? t.server : t.owner,
    annotations: t.annotations,
  };
}

/** A tool before it becomes a picker row (rows are built for the shown page only). */
interface Entry {
  name: string;
  source: ToolSource;
  readOnly: boolean;
  row: () => PickerTool;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The tools a view serves (its catalogue tools plus built-ins), searched with the same ranking as
 * `search_tools` (BM25F over the view's index), filtered and paged. Without a query: by name.
 */
export function pickTools(gateway: Gateway, q: PickerQuery, openapi: ReadonlySet<string>): PickerPage {
  const rt = gateway.view(q.view) ?? gateway.view(DEFAULT_VIEW);
  if (rt === undefined) return { tools: [], total: 0, page: 1, pages: 1 };
  const entry = (t: CatalogTool): Entry => ({
    name: t.name,
    source: t.kind === 'mcp' ? 'mcp' : openapi.has(t.owner) ? 'openapi' : 'yaml',
    readOnly: t.annotations.readOnly,
    row: () => pickerTool(t, openapi),
  });
  const builtins: Entry[] = [...rt.builtins.values()].map((t) => ({
    name: t.name,
    source: 'builtin',
    readOnly: t.annotations.readOnly,
    row: () => ({
      name: t.name,
      ...(t.title !== undefined ? { title: t.title } : {}),
      description: t.description,
      source: 'builtin',
      owner: 'portico',
      annotations: t.annotations,
    }),
  }));
  const text = q.q.trim();
  let list: Entry[];
  if (text === '') {
    // catalogTools is sorted by name already; only the built-ins need placing.
    list = [...rt.view.catalogTools.map(entry), ...builtins];
    if (builtins.length > 0) list.sort(byName);
  } else {
    const tools = new Map(rt.view.catalogTools.map((t) => [t.name, t]));
    list = searchTools(rt.searchIndex, text, rt.view.catalogTools.length).flatMap((hit) => {
      const t = tools.get(hit.name);
      return t === undefined ? [] : [entry(t)];
    });
    const lower = text.toLowerCase();
    for (const b of builtins) if (b.name.includes(lower)) list.push(b);
  }
  const filtered =
    q.source === '' && q.access === ''
      ? list
      : list.filter(
          (t) =>
            (q.source === '' || t.source === q.source) &&
            (q.access === '' || (q.access === 'read') === t.readOnly),
        );
  const pages = Math.max(1, Math.ceil(filtered.length / q.pageSize));
  const page = Math.min(Math.max(1, q.page), pages);
  return {
    tools: filtered.slice((page - 1) * q.pageSize, page * q.pageSize).map((e) => e.row()),
    total: filtered.length,
    page,
    pages,
  };
}

/** The view Try it calls a tool on: the given view if it publishes the tool by name, else any that does. */
export function viewPublishing(gateway: Gateway, preferred: string, tool: string): string | undefined {
  const order = [preferred, DEFAULT_VIEW, ...gateway.viewNames()];
  return order.find((v) => gateway.view(v)?.tool(tool) !== undefined);
}
