import type { RemoteToolInfo } from '../catalog/index.js';
import type { Logger } from '../observability/index.js';
import type { Serving } from './load-catalog.js';

/** Tenants whose own catalogue is kept built at once (the least recently used is dropped). */
export const MAX_TENANT_CATALOGS = 100;

/** What {@link TenantCatalogs} builds from. */
export interface TenantCatalogsDeps {
  /** The tenant's own tools per server where its instances differ from the listing (else undefined). */
  overlay(tenantId: string): ReadonlyMap<string, RemoteToolInfo[]> | undefined;
  /** The federated tools of the shared catalogue (the listing's). */
  federated(): ReadonlyMap<string, RemoteToolInfo[]>;
  /** Build the catalogue and views of the sources serving now against `federated`. */
  build(federated: ReadonlyMap<string, RemoteToolInfo[]>): Serving;
  logger: Logger;
  max?: number;
}

/**
 * The catalogues of tenants whose `per_tenant` instances list other tools than the listing: the
 * same config, views and naming with those servers' tools replaced by the tenant's own. Built on
 * first use, kept per tenant (bounded), dropped when the tenant's tools change ({@link invalidate})
 * or the shared catalogue is rebuilt ({@link clear}). A tenant without such tools costs one lookup.
 */
export class TenantCatalogs {
  /** Built catalogues by tenant, least recently used first; null: the build failed (shared one serves). */
  private readonly built = new Map<string, Serving | null>();

  constructor(private readonly deps: TenantCatalogsDeps) {}

  /** The tenant's own catalogue, or undefined when it is served the shared one. */
  serving(tenantId: string): Serving | undefined {
    const overlay = this.deps.overlay(tenantId);
    if (overlay === undefined) return undefined;
    let serving = this.built.get(tenantId);
    if (serving !== undefined) {
      this.built.delete(tenantId);
    } else {
      serving = this.build(tenantId, overlay);
    }
    this.built.set(tenantId, serving);
    if (this.built.size > (this.deps.max ?? MAX_TENANT_CATALOGS)) {
      const oldest = this.built.keys().next().value as string;
      this.built.delete(oldest);
    }
    return serving ?? undefined;
  }

  /** The tenant's own tools changed: build its catalogue again when next asked. */
  invalidate(tenantId: string): void {
    this.built.delete(tenantId);
  }

  /** The shared catalogue was rebuilt (federation change, reload): build every tenant's again. */
  clear(): void {
    this.built.clear();
  }

  private build(tenantId: string, overlay: ReadonlyMap<string, RemoteToolInfo[]>): Serving | null {
    const federated = new Map(this.deps.federated());
    for (const [server, tools] of overlay) federated.set(server, tools);
    try {
      return this.deps.build(federated);
    } catch (err) {
      this.deps.logger.warn(
        { tenant: tenantId, servers: [...overlay.keys()], error: (err as Error).message },
        "could not build a tenant's catalogue with its instances' own tools: the shared catalogue serves it",
      );
      return null;
    }
  }
}
