import type { RemoteToolInfo } from '../catalog/types.js';
import { PorticoError } from '../errors/index.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../json/index.js';
import type { McpServerConfig } from '../spec/index.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './bounded-fetch.js';
import { federatedCallerHeaders } from './caller-headers.js';
import { CallerRevision } from './caller-revision.js';
import { createFeatures, type Federated, type ForwardRequest, type RequestRun } from './features.js';
import { forwardLogLevel } from './log-level.js';
import { DEFAULT_FEDERATION_NAMING, publishedNames } from './namespace.js';
import { publishedUiMeta, withPublishedUris } from './published-uris.js';
import { ServerConnection } from './server-connection.js';
import { eventHooks, subscribeResource } from './subscribe.js';
import { TaskOwners } from './task-owners.js';
import { createTasks } from './tasks.js';
import { configForTenant, LISTING_TENANT } from './tenant-config.js';
import { TenantInstances } from './tenant-instances.js';
import { TenantTools } from './tenant-tools.js';
import type {
  FederatedRequestOptions,
  Federation,
  FederationEvent,
  FederationLogger,
  FederationOptions,
} from './types.js';

/** Tenant key of calls that carry no caller (never a valid tenant id). */
const NO_TENANT = '_none';

const silent: FederationLogger = { info() {}, warn() {}, debug() {}, error() {} };

/**
 * Federate `servers`: connect to each (remote Streamable HTTP or a local stdio child, spawned
 * once and reused), keep their tool lists current, and forward calls. Fail-open: a server that
 * is down never fails `start()`; it is retried in the background.
 */
export function createFederation(servers: McpServerConfig[], opts: FederationOptions = {}): Federation {
  const options = opts;
  const logger = opts.logger ?? silent;
  const backoff = {
    baseDelayMs: opts.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
    maxDelayMs: opts.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
  };
  const listeners = new Set<() => void>();
  const emit = (): void => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (err) {
        logger.error({ err }, 'a federation change listener threw');
      }
    }
  };
  const eventListeners = new Set<(event: FederationEvent) => void>();
  const emitEvent = (event: FederationEvent): void => {
    for (const listener of [...eventListeners]) {
      try {
        listener(event);
      } catch (err) {
        logger.error({ err }, 'a federation event listener threw');
      }
    }
  };
  const byName = new Map<string, Federated>();
  const names = publishedNames(opts.naming ?? DEFAULT_FEDERATION_NAMING);
  /** A server's tools as published: UI resource URIs in Portico's form. */
  const publishTools = (server: string, tools: RemoteToolInfo[]): RemoteToolInfo[] => {
    const publish = (uri: string) => names.uri(server, uri);
    return tools.map((t) => (t.meta === undefined ? t : { ...t, meta: publishedUiMeta(t.meta, publish) }));
  };
  const tenantTools = new TenantTools({ byName, publish: publishTools, emitEvent, logger });
  const owners = new TaskOwners(emitEvent);
  const connectTimeout = {
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    tracking: {
      ...(opts.listPollMs !== undefined ? { pollMs: opts.listPollMs } : {}),
      ...(opts.listenAckTimeoutMs !== undefined ? { ackTimeoutMs: opts.listenAckTimeoutMs } : {}),
    },
  };
  const limits = {
    maxJsonDepth: opts.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
    maxMessageBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
  };
  for (const config of servers) {
    if (byName.has(config.name)) {
      throw new PorticoError(
        'config_invalid',
        `MCP server "${config.name}" is declared twice; mcp_servers names must be unique.`,
      );
    }
    const perTenant = config.isolation === 'per_tenant';
    const hooks = eventHooks(config.name, names, emitEvent, undefined, owners);
    const lister = new ServerConnection(perTenant ? configForTenant(config, LISTING_TENANT) : config, {
      logger,
      backoff,
      onToolsChanged: () => {
        if (perTenant) tenantTools.listingChanged(config.name);
        emit();
      },
      limits,
      ...hooks,
      ...connectTimeout,
    });
    byName.set(config.name, {
      config,
      lister,
      ...(!perTenant && config.matchCallerRevision
        ? {
            revisions: new CallerRevision(lister, {
              logger,
              tag: { server: config.name },
              // The catalogue lists the primary connection's tools.
              open: (era) =>
                new ServerConnection(config, {
                  logger,
                  backoff,
                  onToolsChanged: () => undefined,
                  limits,
                  ...hooks,
                  ...connectTimeout,
                  pin: era,
                }),
            }),
          }
        : {}),
      ...(perTenant
        ? {
            tenants: new TenantInstances(config, {
              logger,
              backoff,
              limits,
              hooks: (tenant) => eventHooks(config.name, names, emitEvent, tenant),
              // The server announces its later changes itself (`onToolListChanged` of the hooks).
              onToolsChanged: (tenant, first) => tenantTools.refresh(config.name, tenant, first),
              onStopped: (tenant) => tenantTools.refresh(config.name, tenant, true),
              ...(opts.relayOutsideCalls !== undefined ? { relayOutsideCalls: opts.relayOutsideCalls } : {}),
              ...connectTimeout,
            }),
          }
        : {}),
    });
  }
  const unknownServer = (server: string): PorticoError => {
    const known = [...byName.keys()].join(', ') || 'none';
    return new PorticoError(
      'upstream_unreachable',
      `MCP server "${server}" is not federated (mcp_servers declares: ${known}).`,
      { server },
    );
  };

  /** Run one request on the server's connection for this caller (its tenant instance when per_tenant). */
  const onServer = async <T>(
    server: string,
    opts: FederatedRequestOptions,
    run: (conn: ServerConnection, headers: Record<string, string> | undefined) => Promise<T>,
  ): Promise<T> => {
    const entry = byName.get(server);
    if (entry === undefined) throw unknownServer(server);
    const headers = await federatedCallerHeaders(entry.config, opts.caller, options.credentials);
    if (entry.tenants === undefined)
      return run(
        entry.revisions !== undefined ? await entry.revisions.pick(opts.callerEra) : entry.lister,
        headers,
      );
    const lease = await entry.tenants.acquire(opts.caller?.tenantId ?? NO_TENANT, opts.callerEra);
    try {
      return await run(lease.conn, headers);
    } finally {
      lease.release();
    }
  };

  const request: ForwardRequest = <T>(
    server: string,
    method: string,
    target: string,
    opts: FederatedRequestOptions,
    run: RequestRun<T>,
  ): Promise<T> =>
    onServer(server, opts, (conn, headers) =>
      conn.request(method, run, {
        target,
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
        ...(headers !== undefined ? { headers } : {}),
        ...(opts.onServerRequest !== undefined ? { onServerRequest: opts.onServerRequest } : {}),
        ...(opts.input !== undefined ? { input: opts.input } : {}),
      }),
    );

  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  return {
    start() {
      started ??= Promise.all([...byName.values()].map((s) => s.lister.start())).then(() => undefined);
      return started;
    },
    tools() {
      const out = new Map<string, RemoteToolInfo[]>();
      for (const [name, server] of byName) {
        const tools = server.lister.tools();
        if (tools !== undefined) out.set(name, publishTools(name, tools));
      }
      return out;
    },
    tenantTools(tenantId) {
      return tenantTools.of(tenantId);
    },
    onTenantTools(listener) {
      return tenantTools.onChange(listener);
    },
    status() {
      return [...byName.values()].map((s) => {
        const status = s.lister.status();
        if (s.tenants !== undefined) status.tenants = s.tenants.count();
        const other = s.revisions?.otherStatus();
        if (other !== undefined) status.otherRevision = other;
        return status;
      });
    },
    async call(server, remoteName, args, callOpts = {}) {
      const result = await onServer(server, callOpts, (conn, headers) =>
        conn.call(remoteName, args, { ...callOpts, ...(headers !== undefined ? { headers } : {}) }),
      );
      return withPublishedUris(result, (uri) => names.uri(server, uri));
    },
    ...createFeatures(byName, request, (caller) => caller?.tenantId ?? NO_TENANT, names),
    ...createTasks(byName, request, (caller) => caller?.tenantId ?? NO_TENANT, owners, names),
    subscribe(uri, subOpts = {}) {
      return subscribeResource(byName, names, uri, subOpts.caller?.tenantId ?? NO_TENANT, (entry) =>
        federatedCallerHeaders(entry.config, subOpts.caller, options.credentials),
      );
    },
    setLogLevel(level, levelOpts = {}) {
      return forwardLogLevel(byName, level, levelOpts.caller?.tenantId ?? NO_TENANT, logger);
    },
    async rootsListChanged(rootsOpts = {}) {
      const tenant = rootsOpts.caller?.tenantId ?? NO_TENANT;
      await Promise.all(
        [...byName.values()].flatMap((entry) =>
          // Each connection of the tenant's instance (both revisions with `match_caller_revision`).
          (entry.tenants?.connections(tenant) ?? []).map(async (conn) => {
            try {
              if (await conn.rootsListChanged())
                logger.debug(
                  { server: entry.config.name, tenant },
                  'forwarded roots/list_changed to a tenant instance',
                );
            } catch (err) {
              logger.warn(
                { server: entry.config.name, tenant, error: (err as Error).message },
                'could not forward roots/list_changed to a federated MCP server',
              );
            }
          }),
        ),
      );
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed ??= Promise.all(
        [...byName.values()].flatMap((s) => [s.revisions?.close() ?? s.lister.close(), s.tenants?.close()]),
      ).then(() => {
        listeners.clear();
        eventListeners.clear();
      });
      return closed;
    },
  };
}
