import type { RemoteToolInfo } from '../catalog/types.js';
import type { Federated } from './features.js';
import type { FederationEvent, FederationLogger } from './types.js';

/** Same tool list (order and every field). */
const sameTools = (a: readonly RemoteToolInfo[], b: readonly RemoteToolInfo[] | undefined): boolean =>
  b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** What {@link TenantTools} needs from its federation. */
export interface TenantToolsDeps {
  /** The federated servers by name (read when an instance changes). */
  byName: ReadonlyMap<string, Federated>;
  /** The tools of `server` as published (UI resource URIs in Portico's form). */
  publish(server: string, tools: RemoteToolInfo[]): RemoteToolInfo[];
  emitEvent(event: FederationEvent): void;
  logger: FederationLogger;
}

/**
 * Per tenant, the `per_tenant` servers whose running instance lists other tools than the server's
 * listing connection, with those tools: what the tenant's own catalogue is built from. Kept up to
 * date as instances list or stop, so asking about a tenant without any is one map lookup.
 */
export class TenantTools {
  private readonly overlays = new Map<string, Map<string, RemoteToolInfo[]>>();
  private readonly listeners = new Set<(tenantId: string) => void>();

  constructor(private readonly deps: TenantToolsDeps) {}

  /** The tenant's differing servers and their tools (published), or undefined when none differ. */
  of(tenantId: string): ReadonlyMap<string, RemoteToolInfo[]> | undefined {
    return this.overlays.get(tenantId);
  }

  /** Call `listener` with a tenant whose {@link of} changed. */
  onChange(listener: (tenantId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Compare the tenant's running instance of `server` (if any) with the listing again. With
   * `announce`, a change of what the tenant lists is told to the tenant as `tools_list_changed`
   * (when the server did not announce it itself: its first listing, the instance stopping).
   */
  refresh(server: string, tenantId: string, announce: boolean): void {
    const entry = this.deps.byName.get(server);
    const own = entry?.tenants?.peek(tenantId)?.tools();
    const differs = own !== undefined && !sameTools(own, entry?.lister.tools());
    let overlay = this.overlays.get(tenantId);
    if (!differs && overlay?.get(server) === undefined) return;
    if (differs) {
      if (overlay === undefined) {
        overlay = new Map();
        this.overlays.set(tenantId, overlay);
      }
      overlay.set(server, this.deps.publish(server, own));
    } else if (overlay !== undefined) {
      overlay.delete(server);
      if (overlay.size === 0) this.overlays.delete(tenantId);
    }
    this.deps.logger.debug(
      { server, tenant: tenantId, own: differs },
      differs
        ? "a tenant instance lists other tools than the listing: the tenant's catalogue lists them"
        : "a tenant is back on the listing's tools",
    );
    for (const listener of [...this.listeners]) {
      try {
        listener(tenantId);
      } catch (err) {
        this.deps.logger.error({ err }, 'a tenant tools listener threw');
      }
    }
    if (announce) this.deps.emitEvent({ kind: 'tools_list_changed', tenant: tenantId });
  }

  /** The listing of `server` changed: compare each running instance of it again. */
  listingChanged(server: string): void {
    for (const tenantId of this.deps.byName.get(server)?.tenants?.tenants() ?? []) {
      this.refresh(server, tenantId, false);
    }
  }
}
