import { PorticoError } from '../errors/index.js';
import type { McpServerConfig } from '../spec/index.js';
import type { Backoff } from './backoff.js';
import { CallerRevision } from './caller-revision.js';
import type { ConnectionLimits, ListTrackingOptions } from './connect.js';
import type { Era } from './era.js';
import { type EventHooks, ServerConnection } from './server-connection.js';
import { configForTenant } from './tenant-config.js';
import type { FederatedServerRequest, FederationLogger, FederationOptions } from './types.js';

interface Instance {
  conn: ServerConnection;
  /** `match_caller_revision`: the tenant's connection in the other era too. */
  revisions?: CallerRevision;
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
  /** A tenant instance's sampling/elicitation/roots request while none of the tenant's calls runs. */
  relayOutsideCalls?: FederationOptions['relayOutsideCalls'];
  /** Hooks for one tenant's instance: its resource updates, list changes and notifications outside calls. */
  hooks?(tenantId: string): EventHooks;
  /** The tenant's instance listed tools (`first`: its first listing; else other tools than its last). */
  onToolsChanged?(tenantId: string, first: boolean): void;
  /** The tenant's instance stopped (idle). */
  onStopped?(tenantId: string): void;
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

  /** Every connection of the tenant's instance running now: its primary one, and the other era's if open. */
  connections(tenantId: string): ServerConnection[] {
    const instance = this.running.get(tenantId);
    if (instance === undefined) return [];
    const other = instance.revisions?.peekOther();
    return other === undefined ? [instance.conn] : [instance.conn, other];
  }

  /** Tenants whose instance runs now. */
  tenants(): string[] {
    return [...this.running.keys()];
  }

  /** The tenant's instance if one is running now (never starts one). */
  peek(tenantId: string): ServerConnection | undefined {
    return this.running.get(tenantId)?.conn;
  }

  /**
   * The tenant's instance (started and connected, or failed with its reason), held until released;
   * with `match_caller_revision`, its connection in the caller's era `era` when the server speaks it.
   */
  async acquire(tenantId: string, era?: Era): Promise<Lease> {
    if (this.closed)
      throw new PorticoError('upstream_unreachable', `MCP server "${this.config.name}" is closed.`);
    let instance = this.running.get(tenantId);
    if (instance === undefined) {
      if (this.running.size >= this.config.maxTenants) throw this.full(tenantId);
      const conn = this.create(tenantId);
      instance = {
        conn,
        inFlight: 0,
        timer: undefined,
        ...(this.config.matchCallerRevision
          ? {
              revisions: new CallerRevision(conn, {
                logger: this.deps.logger,
                tag: { server: this.config.name, tenant: tenantId },
                open: (pin) => this.create(tenantId, pin),
              }),
            }
          : {}),
      };
      this.running.set(tenantId, instance);
    }
    const held = instance;
    held.inFlight++;
    clearTimeout(held.timer);
    held.timer = undefined;
    // Neither rejects: a failed connect leaves the connection `failed`, and the call says so.
    await held.conn.start();
    const conn = held.revisions !== undefined ? await held.revisions.pick(era) : held.conn;
    let released = false;
    return {
      conn,
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
        return i.revisions?.close() ?? i.conn.close();
      }),
    );
  }

  private create(tenantId: string, pin?: Era): ServerConnection {
    const { logger, backoff, connectTimeoutMs, limits, tracking } = this.deps;
    const outside = this.deps.relayOutsideCalls;
    logger.info(
      { server: this.config.name, tenant: tenantId, ...(pin !== undefined ? { era: pin } : {}) },
      'starting a tenant instance of a federated MCP server',
    );
    return new ServerConnection(configForTenant(this.config, tenantId), {
      logger,
      backoff,
      tenant: tenantId,
      // The catalogue lists tools through the server's listing connection; the tenant's primary
      // connection's own tools make its tenant's catalogue (the other era's are not listed).
      onToolsChanged: (first) => {
        if (pin === undefined) this.deps.onToolsChanged?.(tenantId, first);
      },
      limits,
      ...(tracking !== undefined ? { tracking } : {}),
      ...this.deps.hooks?.(tenantId),
      ...(outside !== undefined
        ? {
            onServerRequestOutsideCalls: (request: FederatedServerRequest, signal: AbortSignal) =>
              outside(tenantId, request, signal),
          }
        : {}),
      ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
      ...(pin !== undefined ? { pin } : {}),
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
      void (instance.revisions?.close() ?? instance.conn.close());
      this.deps.onStopped?.(tenantId);
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
