import { permissionFor } from '../auth/index.js';
import type { Permission, Principal, Scope } from '../auth/types.js';
import { type CatalogTool, type PublishedTool, routeCall, routedTools } from '../catalog/index.js';
import type { ViewRuntime } from './view-runtime.js';

const RANK: Record<Permission, number> = { none: 0, list: 1, invoke: 2, write: 3 };

/** True when the permission lets the caller run the tool. */
export const canCall = (p: Permission): boolean => p === 'invoke' || p === 'write';

/**
 * The best permission over what a published tool can run (a facade the caller may use for its
 * read-only operations is callable even when its write operations are not).
 */
export function publishedPermission(published: PublishedTool, scopes: ReadonlySet<Scope>): Permission {
  const route = published.route;
  if (route.kind === 'builtin') return 'invoke';
  if (route.kind === 'search' || route.kind === 'call_tool') {
    return permissionFor(scopes, true);
  }
  let best: Permission = 'none';
  for (const t of routedTools(published)) {
    const p = permissionFor(scopes, t.annotations.readOnly);
    if (RANK[p] > RANK[best]) best = p;
  }
  return best;
}

/** The catalogue tool a call on `published` with `args` would run, when it can be told. */
export function callTarget(
  view: ViewRuntime,
  published: PublishedTool,
  args: Record<string, unknown>,
): CatalogTool | undefined {
  if (published.route.kind === 'call_tool') {
    return typeof args.name === 'string' ? view.catalogTools.get(args.name) : undefined;
  }
  const routed = routeCall(published, args);
  return routed.ok ? routed.tool : undefined;
}

/**
 * The scope a tools/call needs: none for `whoami`; `mcp.tools.write` when it would run a tool
 * that is not read-only; `mcp.tools.invoke` otherwise (unknown tools and unroutable arguments
 * included: the gateway then answers with its own error).
 */
export function scopeForCall(
  view: ViewRuntime,
  name: string,
  args: Record<string, unknown>,
): { scope: Scope | undefined; target?: string } {
  const published = view.view.byName.get(name) ?? view.builtins.get(name);
  if (published === undefined) return { scope: 'mcp.tools.invoke' };
  if (published.route.kind === 'builtin') return { scope: undefined };
  const target = callTarget(view, published, args);
  if (target === undefined) return { scope: 'mcp.tools.invoke' };
  return {
    scope: target.annotations.readOnly ? 'mcp.tools.invoke' : 'mcp.tools.write',
    target: target.name,
  };
}

/** Every published tool of a view with what this principal may do with it. */
export function viewPermissions(
  view: ViewRuntime,
  principal: Principal,
): Array<{
  name: string;
  readOnly: boolean;
  permission: Permission;
  operations?: Record<string, Permission>;
}> {
  return view.tools.map((t) => {
    const entry: {
      name: string;
      readOnly: boolean;
      permission: Permission;
      operations?: Record<string, Permission>;
    } = {
      name: t.name,
      readOnly: t.annotations.readOnly,
      permission: publishedPermission(t, principal.scopes),
    };
    const route = t.route;
    if (route.kind === 'facade') {
      entry.operations = Object.fromEntries(
        [...route.operations].map(([op, tool]) => [
          op,
          permissionFor(principal.scopes, tool.annotations.readOnly),
        ]),
      );
    } else if (route.kind === 'router') {
      entry.operations = Object.fromEntries(
        route.branches.map((b) => [
          b.instance === undefined ? b.provider : `${b.provider}/${b.instance}`,
          permissionFor(principal.scopes, b.tool.annotations.readOnly),
        ]),
      );
    }
    return entry;
  });
}
