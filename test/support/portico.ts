import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flowhubConfigPath, type RunningFlowHub, startFlowHub } from '../../examples/flowhub/index.js';
import { seedDemoTenants } from '../../src/cli/demo-seed.js';
import { silentLogger } from '../../src/observability/index.js';
import { type PorticoInstance, type StartOptions, startPortico } from '../../src/runtime/index.js';

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

/** FlowHub, Portico in front of it, and the demo tenants (acme, globex) with one token each. */
export interface FlowHubStack {
  flowhub: RunningFlowHub;
  portico: PorticoInstance;
  /** Demo token secrets by tenant id (all scopes). */
  tokens: Record<string, string>;
  close(): Promise<void>;
}

/** Start FlowHub + Portico as `portico demo` does (tokens required unless `noAuth`). */
export async function startFlowHubStack(
  opts: { runDurationMs?: number; noAuth?: boolean; env?: Record<string, string> } = {},
): Promise<FlowHubStack> {
  const flowhub = await startFlowHub({
    host: '127.0.0.1',
    port: 0,
    ...(opts.runDurationMs !== undefined ? { runDurationMs: opts.runDurationMs } : {}),
  });
  const portico = await startTestPortico(
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
