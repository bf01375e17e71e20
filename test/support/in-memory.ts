import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { Gateway } from '../../src/gateway/index.js';
import { createHttpApp, createSessionIds, type HttpApp } from '../../src/http/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { createSecurity, loadCatalog, type SecurityServices } from '../../src/runtime/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';

/** A gateway HTTP app built from a config file, for `app.request` tests (no listening socket). */
export interface InMemoryGateway extends HttpApp {
  gateway: Gateway;
  upstream: UpstreamClient;
  security: SecurityServices;
  store: Store;
  dispose(): Promise<void>;
}

/**
 * Build it with real security services over an in-memory SQLite store: `noAuth` (default true)
 * runs every request as the config's `auth.dev_tenant`; false requires `mcp_` tokens.
 */
export async function inMemoryGateway(
  configFile: string,
  env: Record<string, string>,
  opts: { noAuth?: boolean } = {},
): Promise<InMemoryGateway> {
  const { config, catalog, views } = await loadCatalog(configFile, { ...process.env, ...env });
  const logger = silentLogger();
  const store = await openSqliteStore(':memory:');
  const security = await createSecurity({
    store,
    config,
    dataDir: mkdtempSync(join(tmpdir(), 'portico-mem-')),
    env: { PORTICO_SECRET_KEY: randomBytes(32).toString('base64') },
    logger,
    host: '127.0.0.1',
    noAuth: opts.noAuth ?? true,
  });
  const upstream = createUpstreamClient({ maxJsonDepth: config.server.maxJsonDepth });
  const gateway = new Gateway({
    catalog,
    views,
    backends: { http: upstream, credentials: security.secrets },
    logger,
    pageSize: config.server.pageSize,
  });
  const http = createHttpApp({
    gateway,
    logger,
    bus: new InMemoryServerEventBus(),
    sessions: createSessionIds(randomBytes(32)),
    allowedHosts: config.server.allowedHosts,
    allowedOrigins: config.server.allowedOrigins,
    maxBodyBytes: config.server.maxBodyBytes,
    maxJsonDepth: config.server.maxJsonDepth,
    security: security.edge,
    admin: security.admin,
  });
  return {
    ...http,
    gateway,
    upstream,
    security,
    store,
    dispose: async () => {
      await http.close();
      await security.close();
      await upstream.close();
      await store.close();
    },
  };
}
