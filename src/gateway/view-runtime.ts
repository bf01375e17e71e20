import type { Tool } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import {
  buildSearchIndex,
  type CatalogTool,
  type PublishedTool,
  type PublishedView,
  type SearchIndex,
} from '../catalog/index.js';
import { canCall, publishedPermission } from './permissions.js';
import { WHOAMI, whoamiTool } from './whoami.js';
import { toWireTool } from './wire-tool.js';

/** `_meta` keys stating what the caller may do with a listed tool. */
export const PERMISSION_META = 'dev.portico/permission';
export const INVOCABLE_META = 'dev.portico/invocable';

/**
 * A published view plus what serving it needs: its tools with the gateway's built-ins (`whoami`),
 * wire tools, its catalogue tools, a lazy search index.
 */
export class ViewRuntime {
  /** Published tools plus built-ins, sorted by name (what tools/list pages through). */
  readonly tools: PublishedTool[];
  /** Built-in tools by name. */
  readonly builtins: Map<string, PublishedTool>;
  /** Name the built-in `whoami` has on this view. */
  readonly whoamiName: string;
  /** Wire (MCP `Tool`) form of each tool, built once per catalogue revision. */
  readonly wire: Map<string, Tool>;
  /** The catalogue tools this view selected, by catalogue name (for `call_tool`). */
  readonly catalogTools: Map<string, CatalogTool>;
  private index: SearchIndex | undefined;
  /** Wire tools with per-caller permission `_meta`, by scope set (at most 8 variants). */
  private readonly variants = new Map<string, Map<string, Tool>>();

  constructor(readonly view: PublishedView) {
    this.whoamiName = view.byName.has(WHOAMI) ? `portico_${WHOAMI}` : WHOAMI;
    const whoami = whoamiTool(this.whoamiName);
    this.builtins = new Map([[whoami.name, whoami]]);
    this.tools = [...view.tools, whoami].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.wire = new Map(this.tools.map((t) => [t.name, toWireTool(t)]));
    this.catalogTools = new Map(view.catalogTools.map((t) => [t.name, t]));
  }

  get name(): string {
    return this.view.spec.name;
  }

  /** A published or built-in tool by name. */
  tool(name: string): PublishedTool | undefined {
    return this.view.byName.get(name) ?? this.builtins.get(name);
  }

  /** The wire tools as `principal` sees them (permission in `_meta`); plain wire tools without one. */
  wireFor(principal: Principal | undefined): Map<string, Tool> {
    if (principal === undefined) return this.wire;
    const s = principal.scopes;
    const key = `${+s.has('mcp.tools.discovery')}${+s.has('mcp.tools.invoke')}${+s.has('mcp.tools.write')}`;
    let wire = this.variants.get(key);
    if (wire === undefined) {
      wire = new Map();
      for (const t of this.tools) {
        const permission = publishedPermission(t, s);
        const base = this.wire.get(t.name) as Tool;
        wire.set(t.name, {
          ...base,
          _meta: { ...base._meta, [PERMISSION_META]: permission, [INVOCABLE_META]: canCall(permission) },
        });
      }
      this.variants.set(key, wire);
    }
    return wire;
  }

  /** The search index over this view's catalogue tools (built on first search). */
  get searchIndex(): SearchIndex {
    this.index ??= buildSearchIndex(this.view.catalogTools);
    return this.index;
  }
}
