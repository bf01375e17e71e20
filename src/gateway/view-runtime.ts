import type { Tool } from '@modelcontextprotocol/server';
import {
  buildSearchIndex,
  type CatalogTool,
  type PublishedTool,
  type PublishedView,
  type SearchIndex,
} from '../catalog/index.js';
import { toWireTool } from './wire-tool.js';

/** A published view plus what serving it needs: wire tools, its catalogue tools, a lazy search index. */
export class ViewRuntime {
  /** Wire (MCP `Tool`) form of each published tool, built once per catalogue revision. */
  readonly wire: Map<string, Tool>;
  /** The catalogue tools this view selected, by catalogue name (for `call_tool`). */
  readonly catalogTools: Map<string, CatalogTool>;
  private index: SearchIndex | undefined;

  constructor(readonly view: PublishedView) {
    this.wire = new Map(view.tools.map((t: PublishedTool) => [t.name, toWireTool(t)]));
    this.catalogTools = new Map(view.catalogTools.map((t) => [t.name, t]));
  }

  get name(): string {
    return this.view.spec.name;
  }

  /** The search index over this view's catalogue tools (built on first search). */
  get searchIndex(): SearchIndex {
    this.index ??= buildSearchIndex(this.view.catalogTools);
    return this.index;
  }
}
