import { join } from 'node:path';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import type { McpServerConfig } from '../config/index.js';
import { createFederation, type Federation } from '../federation/index.js';
import { Gateway, type McpCaller } from '../gateway/index.js';
import { createHttpApp, createSessionIds, listen } from '../http/index.js';
import type { Logger } from '../observability/index.js';
import { type FileWatcher, watchFiles } from '../reload/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { createUpstreamClient } from '../upstream/index.js';
import { CatalogRuntime } from './catalog-runtime.js';
import { buildServing, type LoadedSources, loadSources } from './load-catalog.js';
import { createSecurity, type SecurityServices } from './security.js';
import { sessionSecret } from './session-secret.js';

/** Options for {@link startPortico}. */
export interface StartOptions {
  configFile: string;
  host: string;
  port: number;
  dataDir: string;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Watch the config and OpenAPI files and reload on change (default true). */
  watch?: boolean;
  /** Development only: serve without tokens as `auth.dev_tenant` (refused unless `host` is loopback). */
  noAuth?: boolean;
  /** Admin API credential (default env `PORTICO_ADMIN_TOKEN`). */
  adminToken?: string;
}

/** A running gateway. */
export interface PorticoInstance {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  mcpUrl: string;
  /** Where `portico.db` (and the generated `secret.key`) live. */
  dataDir: string;
  gateway: Gateway;
  store: Store;
  /** Tenants, tokens, tenant secrets, limits, audit and metrics. */
  security: SecurityServices;
  catalog: CatalogRuntime;
  federation: () => Federation;
  /** Reload config and OpenAPI files now (what SIGHUP does); true when the new catalogue serves. */
  reload(): Promise<boolean>;
  /** Graceful shutdown: stop accepting, finish in-flight calls, close federation, pools and the store. */
  close(): Promise<void>;
}

const sameServers = (a: McpServerConfig[], b: McpServerConfig[]) =>
  JSON.stringify(a.map(({ source: _s, ...rest }) => rest)) ===
  JSON.stringify(b.map(({ source: _s, ...rest }) => rest));

/** Load config, open the store, connect federated servers, build the catalogue and serve it over HTTP. */
export async function startPortico(opts: StartOptions): Promise<PorticoInstance> {
  const { logger } = opts;
  const env = opts.env ?? process.env;
  const sources = await loadSources(opts.configFile, env);
  const store = await openSqliteStore(join(opts.dataDir, 'portico.db'));
  let federation = createFederation(sources.config.mcpServers, { logger });
  let watcher: FileWatcher | undefined;
  let security: SecurityServices | undefined;
  try {
    security = await createSecurity({
      store,
      config: sources.config,
      dataDir: opts.dataDir,
      env,
      logger,
      host: opts.host,
      noAuth: opts.noAuth ?? false,
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
    const mcp: McpCaller = { call: (...args) => federation.call(...args) };
    const gateway = new Gateway({
      catalog: serving.catalog,
      views: serving.views,
      backends: {
        http: upstream,
        mcp,
        credentials: sec.secrets,
        maxResultDepth: sources.config.server.maxJsonDepth,
      },
      logger,
      pageSize: sources.config.server.pageSize,
    });
    const bus = new InMemoryServerEventBus((err) => logger.warn({ err }, 'change listener failed'));
    const onSources = async (next: LoadedSources) => {
      watcher?.setFiles(next.files);
      sec.configure(next.config);
      if (!sameServers(next.config.mcpServers, runtime.loaded.config.mcpServers)) {
        const old = federation;
        federation = createFederation(next.config.mcpServers, { logger });
        federation.onChange(() => void runtime.rebuild());
        await federation.start();
        await old.close();
      }
    };
    const runtime = new CatalogRuntime(sources, serving, {
      gateway,
      bus,
      store,
      logger,
      env,
      federated: () => federation.tools(),
      onSources,
    });
    federation.onChange(() => void runtime.rebuild());
    let ready = false;
    const http = createHttpApp({
      gateway,
      logger,
      bus,
      sessions: createSessionIds(await sessionSecret(store)),
      allowedHosts: sources.config.server.allowedHosts,
      allowedOrigins: sources.config.server.allowedOrigins,
      maxBodyBytes: sources.config.server.maxBodyBytes,
      maxJsonDepth: sources.config.server.maxJsonDepth,
      isReady: () => ready,
      security: sec.edge,
      admin: sec.admin,
      ...(sec.oauth !== undefined ? { oauth: sec.oauth.routes((v) => gateway.view(v) !== undefined) } : {}),
      health: () => ({
        revision: gateway.revision,
        federation: federation.status(),
        ...(runtime.lastError !== undefined ? { lastReloadError: runtime.lastError } : {}),
      }),
    });
    const s = sources.config.server;
    const server = await listen(http.app, opts.host, opts.port, {
      headersTimeoutMs: s.headersTimeoutMs,
      bodyTimeoutMs: s.bodyTimeoutMs,
      bodyMinBytesPerSec: s.bodyMinBytesPerSec,
      keepAliveTimeoutMs: s.keepAliveTimeoutMs,
      maxConnectionsPerAddress: s.maxConnectionsPerAddress,
    });
    if (opts.watch !== false) watcher = watchFiles(sources.files, () => void runtime.reloadFromDisk());
    ready = true;
    logger.info({ url: `${server.url}/mcp`, tools: serving.catalog.tools.length }, 'portico is serving');
    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      mcpUrl: `${server.url}/mcp`,
      dataDir: opts.dataDir,
      gateway,
      store,
      security: sec,
      catalog: runtime,
      federation: () => federation,
      reload: () => runtime.reloadFromDisk(),
      close: () => {
        closing ??= (async () => {
          ready = false;
          watcher?.close();
          http.drain();
          await server.close();
          await http.close();
          // After the last response: every acknowledged call's audit row is written.
          await sec.close();
          await federation.close();
          await upstream.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    watcher?.close();
    await security?.close();
    await federation.close();
    await store.close();
    throw err;
  }
}
