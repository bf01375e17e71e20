import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { devPrincipal } from '../src/auth/index.js';
import type { Principal } from '../src/auth/types.js';
import { type DemoWorkspace, seedDemoTenants } from '../src/cli/demo-seed.js';
import { createHttpApp, createSessionIds, type EdgeSecurity, type HttpApp } from '../src/http/index.js';
import { type Logger, silentLogger } from '../src/observability/index.js';
import { type PorticoInstance, startPortico } from '../src/runtime/index.js';
import { WORKSPACES_ENV } from './children.js';

/** The FlowHub config for benchmarks: the demo's, with limits no run reaches (still counted). */
export const BENCH_CONFIG = fileURLToPath(new URL('./portico.bench.yaml', import.meta.url));

/** The tenant the benchmarks call as (its FlowHub key is stored; the `--no-auth` tenant too). */
export const BENCH_TENANT = 'acme';

/** FlowHub's workspaces as the parent passed them in {@link WORKSPACES_ENV}. */
export function workspacesFromEnv(): DemoWorkspace[] {
  const raw = process.env[WORKSPACES_ENV];
  if (raw === undefined)
    throw new Error(`${WORKSPACES_ENV} is not set: start FlowHub first and pass its workspaces`);
  return JSON.parse(raw) as DemoWorkspace[];
}

/** A gateway on the bench config with the demo tenants seeded, and acme's all-scope token. */
export interface BenchPortico {
  portico: PorticoInstance;
  /** Tenant acme's `mcp_` token (bench-only; never printed). */
  token: string;
  /** What `--no-auth` would run as: tenant acme's dev principal. */
  dev: Principal;
  close(): Promise<void>;
}

/**
 * Start Portico on 127.0.0.1 (port 0) in front of FlowHub, tokens required, and seed tenants acme
 * and globex with their FlowHub keys as `portico demo` does.
 */
export async function startBenchPortico(
  flowhubUrl: string,
  workspaces: DemoWorkspace[] = workspacesFromEnv(),
  logger: Logger = silentLogger(),
): Promise<BenchPortico> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  const portico = await startPortico({
    configFile: BENCH_CONFIG,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logger,
    env: { ...process.env, FLOWHUB_URL: flowhubUrl },
    watch: false,
    noAuth: false,
  });
  const tokens = await seedDemoTenants(portico.security, workspaces);
  const token = tokens[BENCH_TENANT];
  const tenant = await portico.security.access.getTenant(BENCH_TENANT);
  if (token === undefined || tenant === undefined) {
    throw new Error(`FlowHub reported no workspace "${BENCH_TENANT}" to seed the bench tenant from`);
  }
  return {
    portico,
    token,
    dev: devPrincipal(tenant),
    close: async () => {
      await portico.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The caller-security configurations the security benchmark compares. */
export const SECURITY_MODES = ['floor', 'no-auth', 'token'] as const;
export type SecurityMode = (typeof SECURITY_MODES)[number];

/**
 * The edge security of each configuration, over one gateway's real services:
 * - `token`: what `portico serve` runs — bearer lookup (SHA-256 + one indexed SQLite read), the
 *   failed-auth check of the client address, scopes, the three limit counters, audit row, metrics;
 * - `no-auth`: what `--no-auth` runs — the dev principal instead of a token lookup, everything else
 *   the same;
 * - `floor`: the dev principal with limits, audit and metrics replaced by no-ops — the edge with
 *   none of the new work except the scope check (a bench-only configuration, not a product mode).
 */
export function edgeFor(mode: SecurityMode, real: EdgeSecurity, dev: Principal): EdgeSecurity {
  if (mode === 'token') return real;
  if (mode === 'no-auth') return { ...real, devPrincipal: dev };
  const ok = { ok: true } as const;
  return {
    ...real,
    devPrincipal: dev,
    limits: {
      check: async () => ok,
      authBlocked: async () => ok,
      authFailed: async () => ok,
    },
    audit: { record: () => undefined },
    metrics: {
      observeRequest: () => undefined,
      observeUpstream: () => undefined,
      limitRejected: () => undefined,
      authFailed: () => undefined,
      render: async () => '',
      contentType: 'text/plain',
    },
  };
}

/** An HTTP app like the gateway's own, over the same gateway, with the edge security of `mode`. */
export function benchApp(bench: BenchPortico, mode: SecurityMode): HttpApp {
  const { portico } = bench;
  return createHttpApp({
    gateway: portico.gateway,
    logger: silentLogger(),
    bus: new InMemoryServerEventBus(),
    sessions: createSessionIds(randomBytes(32)),
    security: edgeFor(mode, portico.security.edge, bench.dev),
  });
}
