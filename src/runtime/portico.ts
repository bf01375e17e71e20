import { join } from 'node:path';
import { Gateway } from '../gateway/index.js';
import { createHttpApp, listen } from '../http/index.js';
import type { Logger } from '../observability/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { createUpstreamClient } from '../upstream/index.js';
import { type LoadedCatalog, loadCatalog } from './load-catalog.js';

/** Options for {@link startPortico}. */
export interface StartOptions {
  configFile: string;
  host: string;
  port: number;
  dataDir: string;
  logger: Logger;
  env?: Record<string, string | undefined>;
}

/** A running gateway. */
export interface PorticoInstance {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  mcpUrl: string;
  gateway: Gateway;
  store: Store;
  loaded: LoadedCatalog;
  /** Graceful shutdown: stop accepting, finish in-flight calls, close upstream pools and the store. */
  close(): Promise<void>;
}

/** Load config, open the store, build the catalogue and serve it over HTTP. */
export async function startPortico(opts: StartOptions): Promise<PorticoInstance> {
  const { logger } = opts;
  const loaded = await loadCatalog(opts.configFile, opts.env);
  for (const w of loaded.catalog.warnings) logger.warn({ warning: w }, 'catalogue warning');
  const store = await openSqliteStore(join(opts.dataDir, 'portico.db'));
  try {
    await store.recordCatalogRevision({
      configFile: loaded.config.file,
      configHash: loaded.configHash,
      toolCount: loaded.catalog.tools.length,
    });
    const upstream = createUpstreamClient({ logger });
    const gateway = new Gateway(loaded.catalog, upstream, logger, loaded.config.server.pageSize);
    let ready = false;
    const http = createHttpApp({
      gateway,
      logger,
      allowedHosts: loaded.config.server.allowedHosts,
      allowedOrigins: loaded.config.server.allowedOrigins,
      maxBodyBytes: loaded.config.server.maxBodyBytes,
      isReady: () => ready,
    });
    const server = await listen(http.app, opts.host, opts.port);
    ready = true;
    logger.info({ url: `${server.url}/mcp`, tools: loaded.catalog.tools.length }, 'portico is serving');
    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      mcpUrl: `${server.url}/mcp`,
      gateway,
      store,
      loaded,
      close: () => {
        closing ??= (async () => {
          ready = false;
          await server.close();
          await http.close();
          await upstream.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
