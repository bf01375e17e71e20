import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessService } from '../../src/auth/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { startCli } from '../support/spawn-cli.js';

const config = fileURLToPath(new URL('../fixtures/tenancy.yaml', import.meta.url));

describe('audit trail across SIGTERM (real process)', () => {
  let upstream: FaultUpstream;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('every acknowledged call of a burst cut by SIGTERM has its audit row', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-audit-'));
    // Issue a token in the gateway's own database before it starts (what `portico tokens create` does).
    const store = await openSqliteStore(join(dataDir, 'portico.db'));
    const access = new AccessService(store);
    await access.createTenant({ id: 'burst' });
    const { secret } = await access.createToken({
      tenantId: 'burst',
      label: 'burst',
      scopes: 'mcp.tools.invoke',
    });
    await access.close();
    await store.close();

    const { child, match } = await startCli(
      ['serve', '-c', config, '--port', '0', '--data-dir', dataDir],
      { FAULT_URL: upstream.url },
      /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/,
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const mcpUrl = match[1] ?? '';
    expect(mcpUrl).toMatch(/^http:/);

    const acknowledged: string[] = [];
    const send = async (i: number) => {
      const id = `burst-${i}`;
      try {
        const res = await fetch(mcpUrl, {
          method: 'POST',
          headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}`, 'x-request-id': id },
          body: rpc('tools/call', { name: 'shared_delayed', arguments: { ms: 20 + (i % 5) * 40 } }),
        });
        const body = await rpcBody<{ result?: { isError?: boolean } }>(res);
        if (res.status === 200 && body.result !== undefined) acknowledged.push(id);
      } catch {
        // Refused after shutdown began: not acknowledged, so no promise about its audit row.
      }
    };
    const burst: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) burst.push(send(i));
    await vi.waitFor(() => expect(acknowledged.length).toBeGreaterThanOrEqual(5), { timeout: 5000 });
    child.kill('SIGTERM');
    for (let i = 40; i < 60; i++) burst.push(send(i));
    await Promise.all(burst);
    expect(await exited).toBe(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);

    const db = new Database(join(dataDir, 'portico.db'), { readonly: true });
    try {
      const rows = db
        .prepare("SELECT request_id, outcome, tenant_id, tool FROM audit_log WHERE method = 'tools/call'")
        .all() as Array<{ request_id: string; outcome: string; tenant_id: string; tool: string }>;
      const audited = new Map(rows.map((r) => [r.request_id, r]));
      for (const id of acknowledged) {
        expect(audited.get(id), `audit row of ${id}`).toMatchObject({
          outcome: 'ok',
          tenant_id: 'burst',
          tool: 'shared_delayed',
        });
      }
    } finally {
      db.close();
    }
  });
});
