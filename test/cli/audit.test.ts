import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import type { AuditRow } from '../../src/store/types.js';
import { runPortico } from '../support/cli.js';

describe('portico audit', { timeout: 60_000 }, () => {
  let dir: string;
  const cli = (...args: string[]) => runPortico(['audit', ...args, '--data-dir', dir]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-audit-'));
    const store = await openSqliteStore(join(dir, 'portico.db'));
    const now = Date.now();
    const base: AuditRow = {
      at: new Date(now),
      tenantId: 'acme',
      tokenId: 'tok_aaaa',
      view: 'default',
      method: 'tools/call',
      tool: 'get_invoice',
      outcome: 'ok',
      upstreamStatus: 200,
      durationMs: 12,
      requestId: 'req-1',
      argKeys: ['id'],
      args: null,
    };
    await store.appendAudit([
      { ...base, at: new Date(now - 3 * 3_600_000), requestId: 'req-old' },
      {
        ...base,
        at: new Date(now - 30 * 60_000),
        tool: 'create_invoice',
        outcome: 'upstream_error',
        upstreamStatus: 503,
        durationMs: 250,
        requestId: 'req-2',
      },
      {
        ...base,
        at: new Date(now - 10 * 60_000),
        tenantId: 'beta',
        tokenId: 'tok_bbbb',
        view: 'crm',
        requestId: 'req-3',
      },
      {
        ...base,
        at: new Date(now - 60_000),
        method: 'tools/list',
        tool: null,
        upstreamStatus: null,
        requestId: 'req-4',
      },
    ]);
    await store.close();
  });

  const requestIds = (out: string) => [...out.matchAll(/(req-\S+)$/gm)].map((m) => m[1]);

  it('prints the table, newest first', async () => {
    const run = await cli();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^TIME\s+TENANT\s+TOKEN\s+VIEW\s+METHOD\s+TOOL\s+OUTCOME\s+UPSTREAM\s+MS\s+REQUEST ID$/m,
    );
    expect(requestIds(run.stdout)).toEqual(['req-4', 'req-3', 'req-2', 'req-old']);
    expect(run.stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z\s+acme\s+tok_aaaa\s+default\s+tools\/call\s+create_invoice\s+upstream_error\s+503\s+250\s+req-2$/m,
    );
    expect(run.stdout).toMatch(/^\S+\s+acme\s+tok_aaaa\s+default\s+tools\/list\s+-\s+ok\s+-\s+12\s+req-4$/m);
  });

  it('filters by tenant, tool, outcome, since and limit', async () => {
    expect(requestIds((await cli('--tenant', 'beta')).stdout)).toEqual(['req-3']);
    expect(requestIds((await cli('--tool', 'create_invoice')).stdout)).toEqual(['req-2']);
    expect(requestIds((await cli('--outcome', 'upstream_error')).stdout)).toEqual(['req-2']);
    expect(requestIds((await cli('--since', '1h')).stdout)).toEqual(['req-4', 'req-3', 'req-2']);
    expect(requestIds((await cli('--limit', '1')).stdout)).toEqual(['req-4']);
    expect(
      requestIds((await cli('--tenant', 'acme', '--since', '2h', '--tool', 'get_invoice')).stdout),
    ).toEqual([]);
  });

  it('prints JSON rows', async () => {
    const run = await cli('--json', '--tenant', 'beta');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      rows: [
        {
          id: expect.any(Number),
          at: expect.any(String),
          tenant: 'beta',
          token: 'tok_bbbb',
          view: 'crm',
          method: 'tools/call',
          tool: 'get_invoice',
          outcome: 'ok',
          upstream_status: 200,
          duration_ms: 12,
          request_id: 'req-3',
          arg_keys: ['id'],
          args: null,
        },
      ],
    });
  });

  it('says when nothing matches', async () => {
    const run = await cli('--tenant', 'ghost');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('No audit rows match (there is no tenant "ghost").');
  });

  it('exits 1 with a clear message on bad filters', async () => {
    const outcome = await cli('--outcome', 'great');
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('Invalid --outcome "great"');
    const since = await cli('--since', 'yesterday');
    expect(since.code).toBe(1);
    expect(since.stderr).toContain('yesterday');
    expect(since.stderr).not.toMatch(/\n\s+at /);
    const limit = await cli('--limit', '0');
    expect(limit.code).toBe(1);
    expect(limit.stderr).toContain('Invalid --limit "0"');
  });
});
