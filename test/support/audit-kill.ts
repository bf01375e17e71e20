import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';
import { AccessService } from '../../src/auth/index.js';
import type { Store } from '../../src/store/index.js';
import { MCP_HEADERS, rpc, rpcBody } from './mcp-post.js';
import { startCli } from './spawn-cli.js';

const CONFIG = fileURLToPath(new URL('../fixtures/audit-durability.yaml', import.meta.url));

/** The store a killed `portico serve` writes its audit rows to. */
export interface KillTarget {
  /** Extra environment of `serve` (e.g. `PORTICO_DATABASE_URL`). */
  env: Record<string, string>;
  /** Open the store `serve` uses with these settings and this data dir (for setup and counting). */
  open(dataDir: string): Promise<Store>;
}

/** What a kill -9 under load lost. */
export interface KillOutcome {
  acknowledged: number;
  rows: number;
  /** Acknowledged calls without an audit row. */
  missing: number;
  /** How long before the kill the earliest lost call was acknowledged (0 when none was lost). */
  oldestMissingMs: number;
}

/**
 * kill -9 a real `portico serve` (dist/) under 12 concurrent `tools/call`s once at least 150 were
 * acknowledged, then count acknowledged calls (by `x-request-id`) against the audit rows.
 */
export async function killUnderLoad(
  mode: 'sync' | 'batched',
  upstreamUrl: string,
  target: KillTarget,
): Promise<KillOutcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-kill-'));
  let store = await target.open(dataDir);
  const access = new AccessService(store);
  await access.createTenant({ id: 'load' });
  const { secret } = await access.createToken({
    tenantId: 'load',
    label: 'load',
    scopes: 'mcp.tools.invoke',
  });
  await access.close();
  await store.close();

  const { child, match } = await startCli(
    ['serve', '-c', CONFIG, '--port', '0', '--data-dir', dataDir],
    { ...target.env, FAULT_URL: upstreamUrl, AUDIT_DURABILITY: mode },
    /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/,
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const mcpUrl = match[1] ?? '';
  const acknowledged = new Map<string, number>();
  let stop = false;
  let n = 0;
  const worker = async () => {
    while (!stop) {
      const id = `${mode}-${n++}`;
      try {
        const res = await fetch(mcpUrl, {
          method: 'POST',
          headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}`, 'x-request-id': id },
          body: rpc('tools/call', { name: 'get_delayed', arguments: { ms: n % 3 } }),
        });
        const body = await rpcBody<{ result?: { isError?: boolean } }>(res);
        if (res.status === 200 && body.result?.isError !== true) acknowledged.set(id, performance.now());
      } catch {
        return; // the process is gone: this call was not acknowledged
      }
    }
  };
  const workers = Array.from({ length: 12 }, worker);
  // A loaded 2-core CI machine acknowledged 126 calls in 30 s once: wait longer, not fewer calls.
  await vi.waitFor(() => expect(acknowledged.size).toBeGreaterThanOrEqual(150), {
    timeout: 60_000,
    interval: 20,
  });
  const killedAt = performance.now();
  child.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  await exited;

  store = await target.open(dataDir);
  try {
    const audited = new Set<string>();
    for (let offset = 0; ; offset += 10_000) {
      const page = await store.queryAudit({ tool: 'get_delayed', limit: 10_000, offset });
      for (const row of page) audited.add(row.requestId);
      if (page.length < 10_000) break;
    }
    const missing = [...acknowledged.keys()].filter((id) => !audited.has(id));
    const oldestMissingMs = Math.max(
      0,
      ...missing.map((id) => killedAt - (acknowledged.get(id) ?? killedAt)),
    );
    return { acknowledged: acknowledged.size, rows: audited.size, missing: missing.length, oldestMissingMs };
  } finally {
    await store.close();
  }
}
