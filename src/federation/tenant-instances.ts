import { PorticoError } from '../errors/index.js';
import type { McpServerConfig } from '../spec/index.js';
import type { Backoff } from './backoff.js';
import type { ConnectionLimits, ListTrackingOptions } from './connect.js';
import { ServerConnection, type ServerConnectionDeps } from './server-connection.js';
import { configForTenant } from './tenant-config.js';
import type { FederationLogger } from './types.js';

interface Instance {
  conn: ServerConnection;
  inFlight: number;
  timer: NodeJS.Timeout | undefined;
}

/** A tenant's instance, held for one call: `release()` when the call is over. */
export interface Lease {
  conn: ServerConnection;
  release(): void;
}

export interface TenantInstancesDeps {
  logger: FederationLogger;
  backoff: Backoff;
  connectTimeoutMs?: number;
  limits: ConnectionLimits;
  tracking?: ListTrackingOptions;
  /** Hooks for one tenant's instance: its resource updates and list changes. */
  hooks?(
    tenantId: string,
  ): Pick<ServerConnectionDeps, 'onResourceUpdated' | 'onListChanged' | 'onTaskStatus'>;
}

/**
 * The tenant instances of one `per_tenant` server: a child process (stdio) or upstream session
 * (HTTP) per tenant, started on the tenant's first call, stopped after `idleTimeoutMs` without
 * calls, at most `maxTenants` at once (`upstream_capacity` beyond that).
 */
export class TenantInstances {
  private readonly running = new Map<string, Instance>();
  private closed = false;

  constructor(
    private readonly config: McpServerConfig,
    private readonly deps: TenantInstancesDeps,
  ) {}

  /** Tenant instances running now. */
  count(): number {
    return this.running.size;
  }

  /** The tenant's instance if one is running now (never starts one). */
  peek(tenantId: string): ServerConnection | undefined {
    return this.running.get(tenantId)?.conn;
  }

  /** The tenant's instance (started and connected, or failed with its reason), held until released. */
  async acquire(tenantId: string): Promise<Lease> {
    if (this.closed)
      throw new PorticoError('upstream_unreachable', `MCP server "${this.config.name}" is closed.`);
    let instance = this.running.get(tenantId);
    if (instance === undefined) {
      if (this.running.size >= this.config.maxTenants) throw this.full(tenantId);
      instance = { conn: this.create(tenantId), inFlight: 0, timer: undefined };
      this.running.set(tenantId, instance);
    }
    const held = instance;
    held.inFlight++;
    clearTimeout(held.timer);
    held.timer = undefined;
    await held.conn.start();
    let released = false;
    return {
      conn: held.conn,
      release: () => {
        if (released) return;
        released = true;
        held.inFlight--;
        if (held.inFlight === 0 && this.running.get(tenantId) === held) this.scheduleStop(tenantId, held);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(
      all.map((i) => {
        clearTimeout(i.timer);
        return i.conn.close();
      }),
    );
  }

  private create(tenantId: string): ServerConnection {
    const { logger, backoff, connectTimeoutMs, limits, tracking } = this.deps;
    logger.info(
      { server: this.config.name, tenant: tenantId },
      'starting a tenant instance of a federated MCP server',
    );
    return new ServerConnection(configForTenant(this.config, tenantId), {
      logger,
      backoff,
      tenant: tenantId,
      // The catalogue lists tools through the server's listing connection, not tenant instances.
      onToolsChanged: () => undefined,
      limits,
      ...(tracking !== undefined ? { tracking } : {}),
      ...this.deps.hooks?.(tenantId),
      ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    });
  }

  private scheduleStop(tenantId: string, instance: Instance): void {
    instance.timer = setTimeout(() => {
      if (this.running.get(tenantId) !== instance || instance.inFlight > 0) return;
      this.running.delete(tenantId);
      this.deps.logger.info(
        { server: this.config.name, tenant: tenantId, idleMs: this.config.idleTimeoutMs },
        'stopped an idle tenant instance of a federated MCP server',
      );
      void instance.conn.close();
    }, this.config.idleTimeoutMs);
    instance.timer.unref();
  }

  private full(tenantId: string): PorticoError {
    const key = `mcp_servers.${this.config.name}`;
    return new PorticoError(
      'upstream_capacity',
      `MCP server "${this.config.name}" already runs an instance for ${this.config.maxTenants} other tenants (${key}.max_tenants), so none can start for tenant "${tenantId}" now; instances stop after ${this.config.idleTimeoutMs} ms without calls. Try again later, or ask the operator to raise ${key}.max_tenants or lower ${key}.idle_timeout_ms.`,
      { server: this.config.name, tenant: tenantId, maxTenants: this.config.maxTenants },
    );
  }
}
