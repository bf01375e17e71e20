import { randomBytes } from 'node:crypto';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { Gateway } from '../../src/gateway/index.js';
import { createHttpApp, createSessionIds, type HttpApp } from '../../src/http/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { loadCatalog } from '../../src/runtime/index.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';

/** A gateway HTTP app built from a config file, for `app.request` tests (no listening socket). */
export interface InMemoryGateway extends HttpApp {
  gateway: Gateway;
  upstream: UpstreamClient;
  dispose(): Promise<void>;
}

export async function inMemoryGateway(
  configFile: string,
  env: Record<string, string>,
): Promise<InMemoryGateway> {
  const { config, catalog, views } = await loadCatalog(configFile, { ...process.env, ...env });
  const logger = silentLogger();
  const upstream = createUpstreamClient();
  const gateway = new Gateway({
    catalog,
    views,
    backends: { http: upstream },
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
  });
  return {
    ...http,
    gateway,
    upstream,
    dispose: async () => {
      await http.close();
      await upstream.close();
    },
  };
}
