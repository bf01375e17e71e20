import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gateway } from '../../src/gateway/index.js';
import type { HttpApp } from '../../src/http/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { createPortico, type Portico, type SecurityServices } from '../../src/runtime/index.js';
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
