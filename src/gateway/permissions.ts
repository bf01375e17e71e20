import { permissionFor } from '../auth/index.js';
import type { Permission, Principal, Scope } from '../auth/types.js';
import { type PublishedTool, routedTools } from '../catalog/index.js';

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

/** What {@link viewPermissions} reads of a view. */
export interface ViewTools {
  readonly tools: readonly PublishedTool[];
}

/** Every published tool of a view with what this principal may do with it. */
export function viewPermissions(
  view: ViewTools,
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
