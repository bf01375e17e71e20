import { createHash } from 'node:crypto';
import type { ServerEventBus } from '@modelcontextprotocol/server';
import type { RemoteToolInfo } from '../catalog/index.js';
import { ConfigError, formatConfigIssues } from '../config/index.js';
import { type Gateway, toWireTool } from '../gateway/index.js';
import type { Logger } from '../observability/index.js';
import type { Store } from '../store/index.js';
import { buildServing, type LoadedSources, loadSources, type Serving } from './load-catalog.js';
import { TenantCatalogs } from './tenant-catalogs.js';

/** The settings of newly loaded sources, prepared but not yet applied (see `CatalogRuntime`). */
export interface PreparedSources {
  /** The federated tools the new catalogue is built against. */
  federated(): ReadonlyMap<string, RemoteToolInfo[]>;
  /** Apply the settings (watch list, limits, federation swap). */
  commit(): Promise<void>;
  /** Drop what was prepared (stop a federation started for the new sources). */
  abort(): Promise<void>;
}

/** Why the last reload failed, where (file:line) and when; the old catalogue keeps serving. */
export interface ReloadError {
  at: string;
  message: string;
}

/**
 * Fingerprint of what clients see: every view's tools as listed on the wire (`_meta` and
 * `execution` included), so it changes exactly when some view's tool list changes.
 */
function fingerprint(serving: Serving): string {
  const h = createHash('sha256');
  for (const [name, view] of serving.views) {
    h.update(name);
    for (const t of view.tools) h.update(JSON.stringify(toWireTool(t)));
  }
  return h.digest('hex');
}

/**
 * Owns the catalogue's life after start: reloads from disk (file watch, SIGHUP) and rebuilds on
 * federated tool changes, swapping the gateway's catalogue atomically and publishing
 * `tools_list_changed` on the change bus when the tool lists changed. An invalid change keeps the
 * old catalogue serving. Also keeps the catalogues of tenants whose `per_tenant` instances list
 * other tools than the listing ({@link tenantCatalog}), built from the sources serving now.
 */
export class CatalogRuntime {
  private current: string;
  private failure: ReloadError | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly tenants: TenantCatalogs;

  constructor(
    private sources: LoadedSources,
    serving: Serving,
    private readonly deps: {
      gateway: Gateway;
      bus: ServerEventBus;
      store: Store;
      logger: Logger;
      env: Record<string, string | undefined>;
      federated: () => ReadonlyMap<string, RemoteToolInfo[]>;
      /** A tenant's own tools per server where its instances differ from the listing (`Federation.tenantTools`). */
      tenantTools?: (tenantId: string) => ReadonlyMap<string, RemoteToolInfo[]> | undefined;
      /**
       * Prepares the new sources' settings without applying them (a new federation is started
       * beside the serving one when `mcp_servers` changed); the reload commits or aborts it.
       */
      prepare?: (sources: LoadedSources) => Promise<PreparedSources>;
    },
  ) {
    this.current = fingerprint(serving);
    const { tenantTools } = deps;
    this.tenants = new TenantCatalogs({
      overlay: (tenantId) => tenantTools?.(tenantId),
      federated: () => deps.federated(),
      build: (federated) => buildServing(this.sources, federated),
      logger: deps.logger,
    });
  }

  /** The tenant's own catalogue (its instances list other tools than the listing), else undefined. */
  tenantCatalog(tenantId: string): Serving | undefined {
    return this.tenants.serving(tenantId);
  }

  /** The tenant's own tools changed (`Federation.onTenantTools`): its catalogue is built again. */
  tenantToolsChanged(tenantId: string): void {
    this.tenants.invalidate(tenantId);
  }

  /** The loaded sources of the catalogue now serving. */
  get loaded(): LoadedSources {
    return this.sources;
  }

  /** The last reload failure, cleared by the next success. */
  get lastError(): ReloadError | undefined {
    return this.failure;
  }

  /** Re-read config and OpenAPI files; true when the new catalogue is serving. Serialized. */
  reloadFromDisk(): Promise<boolean> {
    const run = this.queue.then(() => this.doReload());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Rebuild from the current sources (federated tools changed). */
  rebuild(): Promise<boolean> {
    const run = this.queue.then(() => this.apply(this.sources, 'federation'));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Load, prepare, build, then commit: the new catalogue is built (against the new federated
   * servers' tools) before anything of the new config is applied, so a config that fails at any
   * step (schema, OpenAPI, naming collisions, views) leaves the old catalogue, limits and
   * federation serving together — all of the new config or none of it.
   */
  private async doReload(): Promise<boolean> {
    let sources: LoadedSources;
    try {
      sources = await loadSources(this.sources.config.file, this.deps.env);
    } catch (err) {
      const message = err instanceof ConfigError ? formatConfigIssues(err.issues) : (err as Error).message;
      return this.fail(message, 'reload');
    }
    const prepared = (await this.deps.prepare?.(sources)) ?? {
      federated: this.deps.federated,
      commit: async () => undefined,
      abort: async () => undefined,
    };
    let serving: Serving;
    try {
      serving = buildServing(sources, prepared.federated());
    } catch (err) {
      await prepared.abort();
      return this.fail((err as Error).message, 'reload');
    }
    await prepared.commit();
    return this.apply(sources, 'reload', serving);
  }

  private fail(message: string, why: 'reload' | 'federation'): false {
    this.failure = { at: new Date().toISOString(), message };
    this.deps.logger.error({ error: message, why }, 'reload failed: the previous catalogue keeps serving');
    return false;
  }

  private async apply(
    sources: LoadedSources,
    why: 'reload' | 'federation',
    built?: Serving,
  ): Promise<boolean> {
    const { gateway, logger, store, bus } = this.deps;
    let serving: Serving;
    try {
      serving = built ?? buildServing(sources, this.deps.federated());
    } catch (err) {
      return this.fail((err as Error).message, why);
    }
    gateway.replace(serving.catalog, serving.views);
    this.sources = sources;
    this.tenants.clear();
    this.failure = undefined;
    for (const w of serving.catalog.warnings) logger.warn({ warning: w }, 'catalogue warning');
    const print = fingerprint(serving);
    const changed = print !== this.current;
    this.current = print;
    if (changed) bus.publish({ kind: 'tools_list_changed' });
    logger.info(
      { why, tools: serving.catalog.tools.length, changed, revision: gateway.revision },
      'catalogue rebuilt',
    );
    await store
      .recordCatalogRevision({
        configFile: sources.config.file,
        configHash: sources.configHash,
        toolCount: serving.catalog.tools.length,
      })
      .catch((err: unknown) => logger.warn({ err }, 'could not record the catalogue revision'));
    return true;
  }
}
