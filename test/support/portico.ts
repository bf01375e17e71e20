import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flowhubConfigPath, type RunningFlowHub, startFlowHub } from '../../examples/flowhub/index.js';
import { seedDemoTenants } from '../../src/cli/demo-seed.js';
import { silentLogger } from '../../src/observability/index.js';
import { type PorticoInstance, type StartOptions, startPortico } from '../../src/runtime/index.js';
import { type InMemoryPortico, inMemoryPortico } from './in-memory.js';

/**
 * Start a real gateway on 127.0.0.1 port 0 with a fresh data dir (file watching off unless asked).
 * `--no-auth` mode (every request as the config's `auth.dev_tenant`) unless `extra.noAuth` is false.
 */
export function startTestPortico(
  configFile: string,
  env: Record<string, string | undefined> = {},
  extra: Partial<StartOptions> = {},
): Promise<PorticoInstance> {
  return startPortico({
    configFile,
    host: '127.0.0.1',
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'portico-e2e-')),
    logger: silentLogger(),
    env: { ...process.env, ...env },
    watch: false,
    noAuth: true,
    ...extra,
  });
}

/**
 * Wait until every federated server of `portico` is connected and its tools are in the catalogue:
 * on a slow machine a server's first connect may time out, and Portico retries it in the background.
 */
export async function federationReady(portico: PorticoInstance, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = portico.federation().status();
    const down = statuses.filter((s) => s.state !== 'connected' || s.toolCount === 0);
    const catalogued = new Set(portico.gateway.catalog.tools.map((t) => (t.kind === 'mcp' ? t.server : '')));
    const missing = statuses.filter((s) => !catalogued.has(s.name));
    if (down.length === 0 && missing.length === 0) return;
    if (Date.now() > deadline) {
      const what = [...down, ...missing].map((s) => `${s.name} (${s.state}${s.error ? `: ${s.error}` : ''})`);
      throw new Error(`federated servers not ready after ${timeoutMs} ms: ${[...new Set(what)].join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** FlowHub, Portico in front of it, and the demo tenants (acme, globex) with one token each. */
export interface FlowHubStack<P extends PorticoInstance = PorticoInstance> {
  flowhub: RunningFlowHub;
  portico: P;
  /** Demo token secrets by tenant id (all scopes). */
  tokens: Record<string, string>;
  close(): Promise<void>;
}

/** Options of {@link startFlowHubStack}. */
export interface FlowHubStackOptions {
  runDurationMs?: number;
  noAuth?: boolean;
  env?: Record<string, string>;
}

/** Start FlowHub + Portico as `portico demo` does (tokens required unless `noAuth`). */
export function startFlowHubStack(opts?: FlowHubStackOptions): Promise<FlowHubStack>;
/** The same with Portico in memory (no socket): reach it through `portico.fetch`. */
export function startFlowHubStack(
  opts: FlowHubStackOptions & { inMemory: true },
): Promise<FlowHubStack<InMemoryPortico>>;
export async function startFlowHubStack(
  opts: FlowHubStackOptions & { inMemory?: boolean } = {},
): Promise<FlowHubStack> {
  const flowhub = await startFlowHub({
    host: '127.0.0.1',
    port: 0,
    ...(opts.runDurationMs !== undefined ? { runDurationMs: opts.runDurationMs } : {}),
  });
  const portico = await (opts.inMemory === true ? inMemoryPortico : startTestPortico)(
    flowhubConfigPath,
    { FLOWHUB_URL: flowhub.url, ...opts.env },
    { noAuth: opts.noAuth ?? false },
  );
  const tokens = await seedDemoTenants(portico.security, flowhub.workspaces);
  return {
    flowhub,
    portico,
    tokens,
    close: async () => {
      await portico.close();
      await flowhub.close();
    },
  };
}
