import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessService } from '../../src/auth/index.js';
import { openPostgresStore, type Store } from '../../src/store/index.js';
import { runPortico } from '../support/cli.js';
import type { Era } from '../support/clients.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { MCP_HEADERS, rpc, rpcBody } from '../support/mcp-post.js';
import { type Balancer, nginxSkipReason, startNginx } from '../support/nginx-balancer.js';
import {
  clusterSkipReason,
  createTestDatabase,
  redisTestPrefix,
  TEST_REDIS_URL,
  type TestDatabase,
} from '../support/services.js';
import { startCli } from '../support/spawn-cli.js';

const CONFIG = `
naming: { strategy: flat }
systems:
  items:
    base_url: \${FAULT_URL}
    operations:
      get_item:
        path: /items/{id}
        description: Fetch one item.
        arguments:
          id: { type: string }
limits:
  token: none
  tenant: none
redis:
  key_prefix: \${REDIS_PREFIX}
`;
const NEW_OP = `
      get_item_too:
        path: /items/{id}
        description: A tool added on one replica.
        arguments:
          id: { type: string }
`;

const skip = (await clusterSkipReason()) ?? nginxSkipReason();

interface Replica {
  child: ChildProcess;
  url: string;
  config: string;
}

describe.skipIf(skip !== undefined)('two replicas on PostgreSQL + Redis behind nginx', () => {
  let db: TestDatabase;
  let upstream: FaultUpstream;
  let store: Store;
  let access: AccessService;
  let lb: Balancer;
  const replicas: Replica[] = [];
  const prefix = redisTestPrefix();
  const env: Record<string, string> = {
    PORTICO_SECRET_KEY: randomBytes(32).toString('base64'),
    PORTICO_REDIS_URL: TEST_REDIS_URL,
    PORTICO_ADMIN_TOKEN: randomBytes(16).toString('hex'),
    REDIS_PREFIX: prefix,
  };
  let secret: string;

  const startReplica = async (): Promise<Replica> => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-replica-'));
    const config = join(dir, 'portico.yaml');
    writeFileSync(config, CONFIG);
    const { child, match } = await startCli(
      ['serve', '-c', config, '--port', '0', '--data-dir', dir],
      env,
      /"url":"(http:\/\/127\.0\.0\.1:\d+)\/mcp"/,
    );
    return { child, url: match[1]!, config };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    upstream = await startFaultUpstream();
    env.PORTICO_DATABASE_URL = db.url;
    env.FAULT_URL = upstream.url;
    // The first replica initialises the database; the second starts against it.
    replicas.push(await startReplica());
    replicas.push(await startReplica());
    lb = await startNginx(replicas.map((r) => r.url.replace('http://', '')));
    store = await openPostgresStore({ url: db.url, poolSize: 2 });
    access = new AccessService(store);
    await access.createTenant({ id: 'acme' });
    secret = (await access.createToken({ tenantId: 'acme', label: 'cluster' })).secret;
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas)
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await lb?.close();
    await access?.close();
    await store?.close();
    await upstream?.close();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await db?.drop();
  });

  /** An SDK v2 client through nginx that records which replica answered each request. */
  async function lbClient(era: Era, token: string, url = `${lb.url}/mcp`, onChanged?: () => void) {
    // By the order requests were sent (long-lived streams answer out of order).
    const answers: Array<{ seq: number; by: string }> = [];
    let sent = 0;
    const recording = async (input: string | URL | Request, init?: RequestInit) => {
      const seq = sent++;
      const res = await fetch(input, init);
      answers.push({ seq, by: res.headers.get('x-portico-upstream') ?? '' });
      return res;
    };
    const answeredBy = {
      get list(): string[] {
        return [...answers].sort((x, y) => x.seq - y.seq).map((a) => a.by);
      },
    };
    const client = new Client(
      { name: `cluster-${era}`, version: '1.0.0' },
      {
        ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' as const } } } : {}),
        ...(onChanged !== undefined
          ? { listChanged: { tools: { debounceMs: 0, onChanged: () => onChanged() } } }
          : {}),
      },
    );
    const transport = new StreamableHTTPClientTransport(new URL(url), {
      fetch: recording,
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    return { client, answeredBy };
  }

  const post = (base: string, token: string, body = rpc('tools/list')) =>
    fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
      body,
    });

  it('serves SDK clients of both eras through nginx, requests alternating between the replicas', async () => {
    for (const era of ['modern', 'legacy'] as const) {
      const { client, answeredBy } = await lbClient(era, secret);
      try {
        for (let i = 0; i < 4; i++) {
          const { tools } = await client.listTools();
          expect(tools.map((t) => t.name)).toContain('get_item');
          const r = await client.callTool({ name: 'get_item', arguments: { id: `${era}-${i}` } });
          expect(r.structuredContent).toMatchObject({ id: `${era}-${i}` });
        }
        const backends = replicas.map((r) => r.url.replace('http://', ''));
        const by = answeredBy.list;
        expect(new Set(by)).toEqual(new Set(backends));
        // Round-robin: consecutive requests land on different replicas.
        for (let i = 1; i < by.length; i++) expect(by[i], by.join(' ')).not.toBe(by[i - 1]);
      } finally {
        await client.close();
      }
    }
  });

  it("refuses a token on the other replica's very next request once replica A or the CLI acknowledged its revocation", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const status = async (r: Replica, token: string) => {
      const res = await post(r.url, token);
      await res.text();
      return res.status;
    };
    // Through either replica's admin API: the very next request on the other one is refused, in
    // every trial (no waiting, no retry).
    const trials = 30;
    const nextOnOther: number[] = [];
    for (let i = 0; i < trials; i++) {
      const [by, other] = i % 2 === 0 ? [a, b] : [b, a];
      const { token, secret: victim } = await access.createToken({ tenantId: 'acme', label: `victim-${i}` });
      // Both replicas have just authenticated the token (whatever they keep in memory).
      for (const r of [a, b, a, b]) expect(await status(r, victim)).toBe(200);
      const revoked = await fetch(`${by.url}/admin/api/tokens/${token.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${env.PORTICO_ADMIN_TOKEN}` },
      });
      expect(revoked.status).toBe(200);
      await revoked.text();
      nextOnOther.push(await status(other, victim));
      expect(await status(by, victim)).toBe(401);
    }
    const late = nextOnOther.filter((s) => s !== 401).length;
    expect(nextOnOther, `${late} of ${trials} not refused at once`).toEqual(nextOnOther.map(() => 401));

    // And by the CLI, from anywhere with the database URL: both replicas' next requests are refused.
    for (let i = 0; i < 3; i++) {
      const { token, secret: victim } = await access.createToken({ tenantId: 'acme', label: `cli-${i}` });
      for (const r of [a, b, a, b]) expect(await status(r, victim)).toBe(200);
      const cli = await runPortico(['tokens', 'revoke', token.id], env);
      expect(cli.code, cli.stderr).toBe(0);
      expect([await status(b, victim), await status(a, victim)]).toEqual([401, 401]);
    }
  }, 60_000);

  it('enforces one token limit across both replicas (N/min ±5% with 3N calls over both)', async () => {
    const n = 40;
    const { secret: limited } = await access.createToken({
      tenantId: 'acme',
      label: 'rate',
      rateLimit: `${n}/min`,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3 * n; i++) statuses.push((await post(lb.url, limited)).status);
    const allowed = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(Math.abs(allowed - n)).toBeLessThanOrEqual(Math.ceil(n * 0.05));
  });

  it('delivers list_changed to clients of both eras on the other replica; portico reload reloads every replica', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const changed: Record<Era, number> = { modern: 0, legacy: 0 };
    const clients = [];
    for (const era of ['modern', 'legacy'] as const) {
      // Connected to replica B only; the change happens on A.
      clients.push(
        await lbClient(era, secret, `${b.url}/mcp`, () => {
          changed[era]++;
        }),
      );
    }
    try {
      writeFileSync(
        a.config,
        readFileSync(a.config, 'utf8').replace('    operations:\n', `    operations:\n${NEW_OP.slice(1)}`),
      );
      const reloaded = await runPortico(['reload', '--config', a.config, '--timeout', '15'], env);
      expect(reloaded.code, reloaded.stdout + reloaded.stderr).toBe(0);
      expect(reloaded.stdout.match(/: reloaded/g)).toHaveLength(2);
      for (const era of ['modern', 'legacy'] as const) {
        await vi.waitFor(() => expect(changed[era]).toBeGreaterThan(0), { timeout: 10_000 });
      }
      // Each replica reports the outcome; only A's config changed, so only A serves the new tool.
      for (const r of [a, b]) {
        const health = await (await fetch(`${r.url}/healthz`)).json();
        expect(health.clusterReload).toMatchObject({ ok: true });
      }
      const names = async (r: Replica) =>
        (
          await rpcBody<{ result: { tools: Array<{ name: string }> } }>(await post(r.url, secret))
        ).result.tools.map((t) => t.name);
      expect(await names(a)).toContain('get_item_too');
      expect(await names(b)).not.toContain('get_item_too');
    } finally {
      for (const c of clients) await c.client.close();
    }
  }, 30_000);

  it('keeps serving through nginx when one replica is killed with SIGKILL under load', async () => {
    const [a] = replicas as [Replica, Replica];
    const outcomes: Array<{ ok: boolean; afterKill: boolean }> = [];
    let killed = false;
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const afterKill = killed;
        try {
          const res = await post(
            lb.url,
            secret,
            rpc('tools/call', { name: 'get_item', arguments: { id: `w${w}-${i}` } }),
          );
          await res.text();
          outcomes.push({ ok: res.status === 200, afterKill });
        } catch {
          outcomes.push({ ok: false, afterKill });
        }
      }
    };
    const concurrency = 4;
    const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
    await vi.waitFor(() => expect(outcomes.length).toBeGreaterThan(20), { timeout: 10_000 });
    const dead = new Promise((resolve) => a.child.once('exit', resolve));
    a.child.kill('SIGKILL');
    await dead;
    killed = true;
    const atKill = outcomes.length;
    await vi.waitFor(() => expect(outcomes.length).toBeGreaterThan(atKill + 40), { timeout: 10_000 });
    stop = true;
    await Promise.all(workers);
    // Only requests in flight at the kill may fail; every request started after it succeeds.
    expect(outcomes.filter((o) => !o.ok).length, lb.errors()).toBeLessThanOrEqual(concurrency);
    expect(outcomes.filter((o) => o.afterKill && !o.ok)).toEqual([]);
  });
});
