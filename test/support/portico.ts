import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/observability/index.js';
import { type PorticoInstance, type StartOptions, startPortico } from '../../src/runtime/index.js';

/** Start a real gateway on 127.0.0.1 port 0 with a fresh data dir (file watching off unless asked). */
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
    ...extra,
  });
}
