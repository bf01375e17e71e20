/**
 * Cluster figures for docs/benchmarks.md (a measurement, not a test): two `portico serve` replicas
 * (dist/, as deployed) on one PostgreSQL + Redis behind nginx. Prints JSON:
 * - revocation latency across replicas (revoke through A's admin API → B refuses);
 * - rate-limit accuracy (a token's N/min, 3N calls through nginx over both replicas);
 * - throughput of 1 vs 2 replicas through nginx (legacy tools/call, autocannon);
 * - PostgreSQL connections per replica after load.
 * Run: `node scripts/build.mjs && npx tsx bench/cluster.ts` (PostgreSQL and Redis as in the tests).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AccessService } from '../src/auth/index.js';
import { openPostgresStore } from '../src/store/index.js';
import { startFaultUpstream } from '../test/support/fault-upstream.js';
import { MCP_HEADERS, rpc } from '../test/support/mcp-post.js';
import { startNginx } from '../test/support/nginx-balancer.js';
import {
  createTestDatabase,
  redisTestPrefix,
  TEST_PG_URL,
  TEST_REDIS_URL,
} from '../test/support/services.js';
import { BIN } from '../test/support/spawn-cli.js';

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
  auth_failures: 1000000/min   # the revocation probe gets a 401 per trial
redis:
  key_prefix: \${REDIS_PREFIX}
`;

const seconds = Number(process.env.BENCH_SECONDS ?? '8');
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const progress = (what: string) => process.stderr.write(`cluster bench: ${what}\n`);
const db = await createTestDatabase();
const upstream = await startFaultUpstream();
const prefix = redisTestPrefix();
const env: Record<string, string> = {
  PORTICO_DATABASE_URL: db.url,
  PORTICO_REDIS_URL: TEST_REDIS_URL,
  PORTICO_SECRET_KEY: randomBytes(32).toString('base64'),
  PORTICO_ADMIN_TOKEN: randomBytes(16).toString('hex'),
  PORTICO_LOG_LEVEL: 'warn',
  REDIS_PREFIX: prefix,
  FAULT_URL: upstream.url,
};
const children: ChildProcess[] = [];
const startReplica = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-replica-'));
  writeFileSync(join(dir, 'portico.yaml'), CONFIG);
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '-c', join(dir, 'portico.yaml'), '--port', '0', '--data-dir', dir, '--log-level', 'info'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  // Read the log until the URL, then discard it (request lines must not cost this process CPU).
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/mcp"/.exec(out);
      if (m !== null) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`replica exited (${code}): ${out}`)));
  });
  return url;
};

try {
  progress('starting replicas');
  const a = await startReplica();
  const b = await startReplica();
  const store = await openPostgresStore({ url: db.url, poolSize: 2 });
  const access = new AccessService(store);
  await access.createTenant({ id: 'acme' });
  const post = (base: string, token: string, body = rpc('tools/list')) =>
    fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
      body,
    });

  progress('revocation latency');
  // Revocation latency: revoke through A, then ask B until it refuses.
  const latencies: number[] = [];
  const firstRequestRefused: boolean[] = [];
  for (let i = 0; i < 30; i++) {
    const { token, secret } = await access.createToken({ tenantId: 'acme', label: `rev-${i}` });
    for (const r of [a, b, a, b]) await (await post(r, secret)).text();
    const t0 = performance.now();
    const res = await fetch(`${a}/admin/api/tokens/${token.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${env.PORTICO_ADMIN_TOKEN}` },
    });
    await res.text();
    if (res.status !== 200) throw new Error(`revocation through A answered ${res.status}`);
    let attempts = 0;
    for (;;) {
      attempts++;
      const refused = await post(b, secret);
      await refused.text();
      if (refused.status === 401) break;
      if (attempts > 10_000) throw new Error('replica B never refused the revoked token');
    }
    latencies.push(performance.now() - t0);
    firstRequestRefused.push(attempts === 1);
  }

  progress('rate-limit accuracy');
  // Rate accuracy: N/min with 3N calls alternating over both replicas through nginx.
  const both = await startNginx([a, b].map((u) => u.replace('http://', '')));
  const n = 60;
  const allowed: number[] = [];
  for (let trial = 0; trial < 3; trial++) {
    const { secret } = await access.createToken({
      tenantId: 'acme',
      label: `rate-${trial}`,
      rateLimit: `${n}/min`,
    });
    let ok = 0;
    for (let i = 0; i < 3 * n; i++) if ((await post(both.url, secret)).status === 200) ok++;
    allowed.push(ok);
  }

  progress('throughput 1 vs 2 replicas');
  // Throughput through nginx: 1 replica vs 2.
  const { secret } = await access.createToken({ tenantId: 'acme', label: 'load' });
  const one = await startNginx([a.replace('http://', '')]);
  const load = async (url: string) => {
    const result = await autocannon({
      url: `${url}/mcp`,
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}` },
      body: rpc('tools/call', { name: 'get_item', arguments: { id: 'bench' } }),
      connections: 16,
      duration: seconds,
    });
    if (result.non2xx + result.errors > 0)
      throw new Error(`${result.non2xx + result.errors} failed requests`);
    return result['2xx'] / result.duration;
  };
  await load(one.url); // warm-up
  await load(both.url);
  // Alternate to spread any drift over both; the best of two runs each.
  const rps1 = Math.max(await load(one.url), 0);
  const rps2a = await load(both.url);
  const rps1b = await load(one.url);
  const rps2b = await load(both.url);
  const best1 = Math.max(rps1, rps1b);
  const best2 = Math.max(rps2a, rps2b);

  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  const conns = await admin.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'portico'",
    [db.name],
  );
  await admin.end();

  console.log(
    JSON.stringify(
      {
        revocation: {
          trials: latencies.length,
          p50Ms: round(percentile(latencies, 50)),
          p95Ms: round(percentile(latencies, 95)),
          maxMs: round(Math.max(...latencies)),
          refusedOnFirstRequest: `${firstRequestRefused.filter(Boolean).length}/${firstRequestRefused.length}`,
        },
        rateLimit: { rule: `${n}/min`, calls: 3 * n, allowed },
        throughput: {
          connections: 16,
          seconds,
          oneReplicaRps: round(best1, 0),
          twoReplicasRps: round(best2, 0),
          ratio: round(best2 / best1),
        },
        postgresConnections: {
          total: conns.rows[0].n,
          note: 'both replicas + this script (pool 2) after load',
        },
      },
      null,
      2,
    ),
  );
  await one.close();
  await both.close();
  await access.close();
  await store.close();
} finally {
  for (const c of children) c.kill('SIGTERM');
  await upstream.close();
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await new Promise((r) => setTimeout(r, 500));
  await db.drop();
}
