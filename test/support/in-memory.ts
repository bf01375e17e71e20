import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gateway } from '../../src/gateway/index.js';
import type { HttpApp } from '../../src/http/index.js';
import { silentLogger } from '../../src/observability/index.js';
import {
  createPortico,
  type Portico,
  type PorticoInstance,
  type PorticoOptions,
  type SecurityServices,
} from '../../src/runtime/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

/** A gateway built from a config file, for `app.request` tests (no listening socket). */
export interface InMemoryGateway extends HttpApp {
  gateway: Gateway;
  security: SecurityServices;
  store: Store;
  portico: Portico;
  dispose(): Promise<void>;
}

/**
 * Build it as `portico serve` does (`createPortico`: federation, OAuth, console and admin API
 * included) over an in-memory SQLite store, without a socket or file watching: `noAuth` (default
 * true) runs every request as the config's `auth.dev_tenant`; false requires tokens.
 */
export async function inMemoryGateway(
  configFile: string,
  env: Record<string, string>,
  opts: { noAuth?: boolean; adminToken?: string } = {},
): Promise<InMemoryGateway> {
  const portico = await createPortico(
    {
      configFile,
      dataDir: mkdtempSync(join(tmpdir(), 'portico-mem-')),
      logger: silentLogger(),
      env: { ...process.env, PORTICO_SECRET_KEY: randomBytes(32).toString('base64'), ...env },
      watch: false,
      noAuth: opts.noAuth ?? true,
      ...(opts.adminToken !== undefined ? { adminToken: opts.adminToken } : {}),
    },
    { openStore: () => openSqliteStore(':memory:') },
  );
  const { http, gateway, security, store } = portico.services;
  return {
    ...http,
    gateway,
    security,
    store,
    portico,
    dispose: () => portico.close(),
  };
}

/** An in-memory gateway shaped like a started one, whose `fetch` stands in for the network. */
export interface InMemoryPortico extends PorticoInstance {
  /** `fetch` over `app.request` (the Host header a client would send included). */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

/**
 * {@link createPortico} without a socket for tests of edge behaviour, as `startTestPortico` would
 * start it (`--no-auth` unless `extra.noAuth` is false). `url` is never listened on: requests go
 * through `fetch`.
 */
export async function inMemoryPortico(
  configFile: string,
  env: Record<string, string | undefined> = {},
  extra: Partial<PorticoOptions> = {},
): Promise<InMemoryPortico> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-mem-'));
  const portico = await createPortico(
    {
      configFile,
      dataDir,
      logger: silentLogger(),
      env: { ...process.env, PORTICO_SECRET_KEY: randomBytes(32).toString('base64'), ...env },
      watch: false,
      noAuth: true,
      ...extra,
    },
    { openStore: () => openSqliteStore(':memory:') },
  );
  const url = 'http://127.0.0.1:9';
  const { gateway, store, security, catalog, federation, reload } = portico.services;
  return {
    url,
    mcpUrl: `${url}/mcp`,
    dataDir,
    gateway,
    store,
    security,
    catalog,
    federation,
    reload,
    close: () => portico.close(),
    fetch: async (input, init) => {
      const req = new Request(input, init);
      if (!req.headers.has('host')) req.headers.set('host', new URL(req.url).host);
      return portico.app.request(req);
    },
  };
}
