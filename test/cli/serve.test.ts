import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { AccessService } from '../../src/auth/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { startCli } from '../support/spawn-cli.js';

const faults = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));

describe('portico serve (real process)', () => {
  let upstream: FaultUpstream;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('logs one line per request, finishes in-flight calls on SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-serve-'));
    // Issue a real token in the data dir serve will use (as `portico tokens create` does), so the
    // "bearer never logged" check below is about a token that actually authenticated.
    const store = await openSqliteStore(join(dataDir, 'portico.db'));
    const access = new AccessService(store);
    await access.createTenant({ id: 'acme' });
    const { token, secret } = await access.createToken({ tenantId: 'acme', label: 'serve-test' });
    await access.close();
    await store.close();

    const { child, output, match } = await startCli(
      ['serve', '-c', faults, '--port', '0', '--data-dir', dataDir],
      { FAULT_URL: upstream.url },
      /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/,
    );
    // A failed assertion must not leave the server running.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const mcpUrl = match[1]!;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const health = await fetch(mcpUrl.replace('/mcp', '/healthz'));
    expect(health.status).toBe(200);

    const refused = await fetch(mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'x-request-id': 'refused-1', authorization: 'Bearer do-not-log-me' },
      body: rpc('tools/list'),
    });
    expect(refused.status).toBe(401);

    const inflight = fetch(mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'x-request-id': 'graceful-1', authorization: `Bearer ${secret}` },
      body: rpc('tools/call', { name: 'get_delayed', arguments: { ms: 600 } }),
    });
    await vi.waitFor(() => expect(upstream.seen.at(-1)).toBe('GET /delay?ms=600'));
    child.kill('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    const body = await rpcBody<{ result: { structuredContent: unknown } }>(res);
    expect(body.result.structuredContent).toEqual({ waited: 600 });
    expect(await exited).toBe(0);

    const lines = output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.requestId === 'graceful-1');
    expect(line).toMatchObject({
      tenant: 'acme',
      token: token.id,
      method: 'tools/call',
      tool: 'get_delayed',
      upstreamStatus: 200,
      outcome: 'ok',
      status: 200,
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(output()).not.toContain('do-not-log-me');
    expect(output()).not.toContain(secret);
    expect(existsSync(join(dataDir, 'portico.db'))).toBe(true);
  });
});
