import type { Federation } from '../federation/index.js';
import type { Gateway } from '../gateway/index.js';
import { listen } from '../http/index.js';
import type { Store } from '../store/index.js';
import type { CatalogRuntime } from './catalog-runtime.js';
import { createPortico, type PorticoDeps, type PorticoOptions } from './create-portico.js';
import type { SecurityServices } from './security.js';

/** Options for {@link startPortico}: what to build and where to listen. */
export interface StartOptions extends PorticoOptions {
  host: string;
  port: number;
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

/** {@link createPortico}, then listen on `host:port`. */
export async function startPortico(opts: StartOptions, deps: PorticoDeps = {}): Promise<PorticoInstance> {
  const portico = await createPortico(opts, deps);
  const s = portico.services.catalog.loaded.config.server;
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(portico.app, opts.host, opts.port, {
      headersTimeoutMs: s.headersTimeoutMs,
      bodyTimeoutMs: s.bodyTimeoutMs,
      bodyMinBytesPerSec: s.bodyMinBytesPerSec,
      keepAliveTimeoutMs: s.keepAliveTimeoutMs,
      maxConnectionsPerAddress: s.maxConnectionsPerAddress,
    });
  } catch (err) {
    await portico.close();
    throw err;
  }
  const { gateway, store, security, catalog, federation, reload } = portico.services;
  opts.logger.info({ url: `${server.url}/mcp`, tools: gateway.catalog.tools.length }, 'portico is serving');
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    mcpUrl: `${server.url}/mcp`,
    dataDir: opts.dataDir,
    gateway,
    store,
    security,
    catalog,
    federation,
    reload,
    close: () => {
      closing ??= (async () => {
        portico.drain();
        await server.close();
        await portico.close();
      })();
      return closing;
    },
  };
}
