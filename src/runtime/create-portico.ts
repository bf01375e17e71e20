import { InMemoryServerEventBus, type ServerEventBus } from '@modelcontextprotocol/server';
import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { connectRedis, RedisEventBus, RedisRequests } from '../cluster/index.js';
import { createFederation, type FederatedServerRequest, type Federation } from '../federation/index.js';
import { Gateway, type McpFeatures } from '../gateway/index.js';
import { createHttpApp, type HttpApp } from '../http/index.js';
import type { Logger } from '../observability/index.js';
import { type FileWatcher, watchFiles } from '../reload/index.js';
import { loadSecretKey } from '../secrets/index.js';
import type { McpServerConfig, OAuthConfig, PorticoConfig } from '../spec/index.js';
import type { Store } from '../store/index.js';
import { ResourceSubscriptions } from '../subscriptions/index.js';
import { createUpstreamClient } from '../upstream/index.js';
import {
  type LimiterBackendFactory,
  limiterBackendFactory,
  type StoreFactory,
  storeFactory,
} from './backends.js';
import { CatalogRuntime, type PreparedSources } from './catalog-runtime.js';
import { handleClusterReload } from './cluster-reload.js';
import { buildConsole } from './console.js';
import { buildServing, type LoadedSources, loadSources } from './load-catalog.js';
import { chooseStore, requireSharedKey } from './open-store.js';
import { createSecurity, type SecurityServices } from './security.js';
import { signedIds } from './session-secret.js';
import { StoreHealth } from './store-health.js';

/** What a gateway is built from (everything but where it listens). */
export interface PorticoOptions {
  configFile: string;
  dataDir: string;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** The host it will listen on: `--no-auth` is refused unless it is loopback (default 127.0.0.1). */
  host?: string;
  /** Watch the config and OpenAPI files and reload on change (default true). */
  watch?: boolean;
  /** Development only: serve without tokens as `auth.dev_tenant` (refused unless `host` is loopback). */
  noAuth?: boolean;
  /** Admin API credential (default env `PORTICO_ADMIN_TOKEN`). */
  adminToken?: string;
  /** Replaces the config file's `oauth` section (`portico demo` turns the built-in authorization server on). */
  oauth?: OAuthConfig;
  /** `postgres://…` (`--database-url`; else env `PORTICO_DATABASE_URL`, else `store.url`). */
  databaseUrl?: string;
  /** `redis://…` (`--redis-url`; else env `PORTICO_REDIS_URL`, else `redis.url`). */
  redisUrl?: string;
}

/** Backends to build over instead of the ones the config chooses (tests: an in-memory store). */
export interface PorticoDeps {
  /** Default: PostgreSQL when a database URL is set, else `<dataDir>/portico.db` ({@link storeFactory}). */
  openStore?: StoreFactory;
  /** Default: Redis counters when Redis is configured, else memory ({@link limiterBackendFactory}). */
  limiterBackend?: LimiterBackendFactory;
}

/** The services of one gateway. */
export interface PorticoServices {
  gateway: Gateway;
  store: Store;
  /** Tenants, tokens, tenant secrets, limits, audit and metrics. */
  security: SecurityServices;
  catalog: CatalogRuntime;
  federation: () => Federation;
  /** The HTTP app with its in-process entry (console **Try it**). */
  http: HttpApp;
  /** Reload config and OpenAPI files now (what SIGHUP does); true when the new catalogue serves. */
  reload(): Promise<boolean>;
}

/** A gateway built and ready to serve, without a socket (`app.fetch(Request) → Response`). */
export interface Portico {
  app: Hono;
  services: PorticoServices;
  /** Stop taking new work: readiness off, notification streams ended (first step of shutdown). */
  drain(): void;
  /** After the last response: flush the audit trail, close federation, pools, Redis and the store. */
  close(): Promise<void>;
}

const sameServers = (a: McpServerConfig[], b: McpServerConfig[]) =>
  JSON.stringify(a.map(({ source: _s, ...rest }) => rest)) ===
  JSON.stringify(b.map(({ source: _s, ...rest }) => rest));

/** Same federated servers and the same naming (which publishes their prompts and resource URIs). */
const sameFederation = (a: PorticoConfig, b: PorticoConfig) =>
  sameServers(a.mcpServers, b.mcpServers) && JSON.stringify(a.naming) === JSON.stringify(b.naming);

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * The composition root: load config, open the store, connect Redis and the federated servers,
 * build the catalogue, the security services and the HTTP app. No socket: `startPortico` listens.
 */
export async function createPortico(opts: PorticoOptions, deps: PorticoDeps = {}): Promise<Portico> {
  const { logger } = opts;
  const env = opts.env ?? process.env;
  const host = opts.host ?? '127.0.0.1';
  const loaded = await loadSources(opts.configFile, env);
  const sources: LoadedSources =
    opts.oauth === undefined ? loaded : { ...loaded, config: { ...loaded.config, oauth: opts.oauth } };
  const choice = chooseStore(opts.dataDir, opts.databaseUrl, env, sources.config);
  if (deps.openStore === undefined) requireSharedKey(choice, env);
  const secret = await loadSecretKey({ env, dataDir: opts.dataDir, logger });
  const store = await (deps.openStore ?? storeFactory(choice))(secret, logger);
  const storeHealth = new StoreHealth(store, logger);
  const redisUrl = opts.redisUrl ?? nonEmpty(env.PORTICO_REDIS_URL) ?? sources.config.redis?.url;
  const redisPrefix = sources.config.redis?.keyPrefix ?? 'portico:';
  let redis: Redis | undefined;
  let redisBus: RedisEventBus | undefined;
  let replicaRequests: RedisRequests | undefined;
  let security: SecurityServices | undefined;
  // Tenants' secrets for `tenant_credential` servers, read per call once security is up.
  const credentials = {
    get: (tenantId: string, server: string) =>
      security?.secrets.get(tenantId, server) ?? Promise.resolve(undefined),
  };
  // server.max_json_depth is read at startup, like the other server.* settings.
  const maxJsonDepth = sources.config.server.maxJsonDepth;
  // A tenant instance's request outside its calls goes to the HTTP app's streams (set up later).
  let relayApp: HttpApp | undefined;
  const federationOptions = {
    logger,
    credentials,
    maxJsonDepth,
    relayOutsideCalls: (tenant: string, request: FederatedServerRequest, signal: AbortSignal) =>
      relayApp === undefined
        ? Promise.reject(new Error('the HTTP app is not ready'))
        : relayApp.relayOutsideCalls(tenant, request, signal),
  };
  let federation = createFederation(sources.config.mcpServers, {
    ...federationOptions,
    naming: sources.config.naming,
  });
  let watcher: FileWatcher | undefined;
  try {
    if (redisUrl !== undefined) redis = await connectRedis(redisUrl, logger);
    security = await createSecurity({
      store,
      config: sources.config,
      dataDir: opts.dataDir,
      env,
      logger,
      host,
      noAuth: opts.noAuth ?? false,
      limiterBackend:
        deps.limiterBackend ??
        limiterBackendFactory(redis === undefined ? undefined : { client: redis, keyPrefix: redisPrefix }),
      ...(opts.adminToken !== undefined ? { adminToken: opts.adminToken } : {}),
    });
    const sec = security;
    await federation.start();
    const serving = buildServing(sources, federation.tools());
    for (const w of serving.catalog.warnings) logger.warn({ warning: w }, 'catalogue warning');
    await store.recordCatalogRevision({
      configFile: sources.config.file,
      configHash: sources.configHash,
      toolCount: serving.catalog.tools.length,
    });
    const upstream = createUpstreamClient({ logger, maxJsonDepth: sources.config.server.maxJsonDepth });
    // Delegates to the current federation (replaced when mcp_servers change on reload).
    const mcpFeatures: McpFeatures = {
      features: () => federation.features(),
      resources: (...args) => federation.resources(...args),
      resourceTemplates: () => federation.resourceTemplates(),
      prompts: () => federation.prompts(),
      readResource: (...args) => federation.readResource(...args),
      getPrompt: (...args) => federation.getPrompt(...args),
      complete: (...args) => federation.complete(...args),
      setLogLevel: (...args) => federation.setLogLevel(...args),
      rootsListChanged: (...args) => federation.rootsListChanged(...args),
      tasks: {
        getTask: (...args) => federation.getTask(...args),
        taskResult: (...args) => federation.taskResult(...args),
        cancelTask: (...args) => federation.cancelTask(...args),
        listTasks: (...args) => federation.listTasks(...args),
      },
    };
    const gateway: Gateway = new Gateway({
      catalog: serving.catalog,
      views: serving.views,
      backends: {
        http: upstream,
        mcp: {
          call: (...args) => federation.call(...args),
          callTask: (...args) => federation.callTask(...args),
        },
        mcpFeatures,
        credentials: sec.secrets,
      },
      logger,
      pageSize: sources.config.server.pageSize,
      // A tenant whose per_tenant instances list other tools is served its own catalogue.
      tenantCatalog: (tenantId) => runtime.tenantCatalog(tenantId),
    });
    // Across replicas through Redis when configured, else in this process.
    if (redis !== undefined) redisBus = await RedisEventBus.open(redis, redisPrefix, logger);
    // A 2026-07-28 retry reaching another replica is handed to the one holding its suspended call.
    if (redis !== undefined) replicaRequests = await RedisRequests.open(redis, redisPrefix, logger);
    const bus: ServerEventBus =
      redisBus ?? new InMemoryServerEventBus((err) => logger.warn({ err }, 'change listener failed'));
    // Clients' resource subscriptions on federated servers; the servers' changes go on the bus.
    const subscriptions = new ResourceSubscriptions({ federation: () => federation, bus, logger });
    subscriptions.relay(federation);
    // A reload prepares the new settings (a new federation beside the serving one when
    // mcp_servers changed), builds the catalogue against them, then commits them all or none.
    const prepare = async (next: LoadedSources): Promise<PreparedSources> => {
      const candidate = sameFederation(next.config, runtime.loaded.config)
        ? undefined
        : createFederation(next.config.mcpServers, { ...federationOptions, naming: next.config.naming });
      await candidate?.start();
      return {
        federated: () => (candidate ?? federation).tools(),
        commit: async () => {
          watcher?.setFiles(next.files);
          sec.configure(next.config);
          if (candidate === undefined) return;
          const old = federation;
          federation = candidate;
          federation.onChange(() => void runtime.rebuild());
          federation.onTenantTools((tenant) => runtime.tenantToolsChanged(tenant));
          subscriptions.relay(federation);
          await old.close();
        },
        abort: async () => {
          await candidate?.close();
        },
      };
    };
    const runtime: CatalogRuntime = new CatalogRuntime(sources, serving, {
      gateway,
      bus,
      store,
      logger,
      env,
      federated: () => federation.tools(),
      tenantTools: (tenantId) => federation.tenantTools(tenantId),
      prepare,
    });
    federation.onChange(() => void runtime.rebuild());
    federation.onTenantTools((tenant) => runtime.tenantToolsChanged(tenant));
    const clusterReload =
      redisBus === undefined
        ? undefined
        : handleClusterReload(
            redisBus,
            () => runtime.reloadFromDisk(),
            () => runtime.lastError,
            logger,
          );
    let ready = false;
    let httpRef: HttpApp | undefined;
    const consoleApp = buildConsole({
      security: sec,
      store,
      gateway,
      logger,
      config: () => runtime.loaded.config,
      invoke: (principal, view, message) => {
        if (httpRef === undefined) throw new Error('the HTTP app is not ready');
        return httpRef.invoke(principal, view, message);
      },
      operator: {
        federation: () => federation.status(),
        lastReloadError: () => runtime.lastError,
      },
    });
    const http = createHttpApp({
      gateway,
      logger,
      bus,
      subscriptions,
      ...(await signedIds(store)),
      allowedHosts: sources.config.server.allowedHosts,
      allowedOrigins: sources.config.server.allowedOrigins,
      maxBodyBytes: sources.config.server.maxBodyBytes,
      maxJsonDepth: sources.config.server.maxJsonDepth,
      maxSuspendedCallsPerTenant: sources.config.server.maxSuspendedCallsPerTenant,
      ...(replicaRequests !== undefined ? { replicas: replicaRequests } : {}),
      isReady: () => ready && storeHealth.up && (sec.oauth?.ready() ?? true),
      security: sec.edge,
      admin: sec.admin,
      console: (req, env) => consoleApp.app.fetch(req, env),
      ...(sec.oauth !== undefined ? { oauth: sec.oauth.routes((v) => gateway.view(v) !== undefined) } : {}),
      health: () => ({
        revision: gateway.revision,
        federation: federation.status(),
        ...(sec.oauth?.mode === 'external' ? { oauth: sec.oauth.health() } : {}),
        store: { kind: store.kind, reachable: storeHealth.up },
        ...(runtime.lastError !== undefined ? { lastReloadError: runtime.lastError } : {}),
        ...(clusterReload?.status() !== undefined ? { clusterReload: clusterReload.status() } : {}),
        ...(redisBus !== undefined ? { replica: redisBus.replicaId, redis: redis?.status === 'ready' } : {}),
      }),
    });
    httpRef = http;
    relayApp = http;
    if (opts.watch !== false) watcher = watchFiles(sources.files, () => void runtime.reloadFromDisk());
    ready = true;
    storeHealth.start();
    const drain = () => {
      ready = false;
      storeHealth.stop();
      clusterReload?.stop();
      watcher?.close();
      http.drain();
    };
    let closing: Promise<void> | undefined;
    return {
      app: http.app,
      services: {
        gateway,
        store,
        security: sec,
        catalog: runtime,
        federation: () => federation,
        http,
        reload: () => runtime.reloadFromDisk(),
      },
      drain,
      close: () => {
        closing ??= (async () => {
          drain();
          await http.close();
          // After the last response: every acknowledged call's audit row is written.
          await sec.close();
          await subscriptions.close();
          await federation.close();
          await upstream.close();
          replicaRequests?.close();
          redisBus?.close();
          redis?.disconnect();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    watcher?.close();
    await security?.close();
    await federation.close();
    replicaRequests?.close();
    redisBus?.close();
    redis?.disconnect();
    await store.close();
    throw err;
  }
}
