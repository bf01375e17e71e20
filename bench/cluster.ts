/**
 * Cluster figures for docs/benchmarks.md (a measurement, not a test): two `portico serve` replicas
 * (dist/, as deployed) on one PostgreSQL + Redis behind nginx. Prints JSON:
 * - revocation latency across replicas (revoke through one replica's admin API → the other refuses),
 *   and whether the other replica's very next request was refused;
 * - the per-request cost of the token lookup (one indexed PostgreSQL read) next to one Redis GET;
 * - rate-limit accuracy (a token's N/min, 3N calls through nginx over both replicas);
 * - throughput of 1 vs 2 replicas through nginx (legacy tools/call, autocannon), with the cores
 *   each process used meanwhile (`/proc`);
 * - PostgreSQL connections per replica after load.
 * Run: `node scripts/build.mjs && npx tsx bench/cluster.ts` (PostgreSQL and Redis as in the tests).
 * `BENCH_BASELINE_BIN=/path/to/bin/portico.js` also starts one replica of another build (e.g. the
 * previous commit's `bin/` + `dist/` copied next to this repo's node_modules) and measures it
 * through its own nginx, alternated with the single replica of this build (before/after).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AccessService, hashTokenSecret } from '../src/auth/index.js';
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
import { type CpuSnapshot, coresUsed, cpuSnapshot } from './process-cpu.js';
import { summarize } from './stats.js';

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
const revocationTrials = Number(process.env.BENCH_REVOCATION_TRIALS ?? '50');
const baselineBin = process.env.BENCH_BASELINE_BIN;
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
const startReplica = async (bin = BIN) => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-replica-'));
  writeFileSync(join(dir, 'portico.yaml'), CONFIG);
  const child = spawn(
    process.execPath,
    [bin, 'serve', '-c', join(dir, 'portico.yaml'), '--port', '0', '--data-dir', dir, '--log-level', 'info'],
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
  // Revocation latency: revoke through one replica, then ask the other until it refuses
  // (alternating which replica revokes).
  const latencies: number[] = [];
  const firstRequestRefused: boolean[] = [];
  for (let i = 0; i < revocationTrials; i++) {
    const [by, other] = i % 2 === 0 ? [a, b] : [b, a];
    const { token, secret } = await access.createToken({ tenantId: 'acme', label: `rev-${i}` });
    for (const r of [a, b, a, b]) await (await post(r, secret)).text();
    const t0 = performance.now();
    const res = await fetch(`${by}/admin/api/tokens/${token.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${env.PORTICO_ADMIN_TOKEN}` },
    });
    await res.text();
    if (res.status !== 200) throw new Error(`revocation answered ${res.status}`);
    let attempts = 0;
    for (;;) {
      attempts++;
      const refused = await post(other, secret);
      await refused.text();
      if (refused.status === 401) break;
      if (attempts > 10_000) throw new Error('the other replica never refused the revoked token');
    }
    latencies.push(performance.now() - t0);
    firstRequestRefused.push(attempts === 1);
  }

  progress('token lookup cost');
  // What a request pays to look its token up in PostgreSQL (one indexed read), next to one Redis
  // GET (a shared version check would cost at least that) — sequential round trips from here.
  const { secret: probe } = await access.createToken({ tenantId: 'acme', label: 'probe' });
  const probeHash = hashTokenSecret(probe);
  const redis = new Redis(TEST_REDIS_URL);
  await redis.set(`${prefix}bench-version`, '1');
  const pgMs: number[] = [];
  const redisMs: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await store.findTokenByHash(probeHash);
      pgMs.push(performance.now() - t0);
    }
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await redis.get(`${prefix}bench-version`);
      redisMs.push(performance.now() - t0);
    }
  }
  redis.disconnect();
  const micros = (xs: number[]) => {
    const sum = summarize(xs);
    return {
      p50Us: round(sum.p50 * 1000, 0),
      p99Us: round(sum.p99 * 1000, 0),
      meanUs: round(sum.mean * 1000, 0),
    };
  };

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
  // Throughput through nginx: 1 replica vs 2, with the cores each process used meanwhile.
  const { secret } = await access.createToken({ tenantId: 'acme', label: 'load' });
  const one = await startNginx([a.replace('http://', '')]);
  const backends = async () => {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    const rows = await admin.query(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'portico'",
      [db.name],
    );
    await admin.end();
    return new Set<number>(rows.rows.map((r: { pid: number }) => r.pid));
  };
  const baseline = baselineBin === undefined ? undefined : await startReplica(baselineBin);
  const baselineLb = baseline === undefined ? undefined : await startNginx([baseline.replace('http://', '')]);
  const [pidA, pidB, pidBaseline] = [children[0]?.pid, children[1]?.pid, children[2]?.pid];
  const cpuOf = async (before: CpuSnapshot, after: CpuSnapshot, lb: { pid: number | undefined }) => {
    const pgPids = await backends();
    return coresUsed(before, after, {
      replicaA: (pid) => pid === pidA,
      replicaB: (pid) => pid === pidB,
      ...(pidBaseline !== undefined ? { baselineReplica: (pid: number) => pid === pidBaseline } : {}),
      nginx: (pid, p) => pid === lb.pid || p.ppid === lb.pid,
      benchLoadAndUpstream: (pid) => pid === process.pid,
      postgresPorticoBackends: (pid) => pgPids.has(pid),
      postgresOther: (_pid, p) => p.comm.startsWith('postgres'),
      redis: (_pid, p) => p.comm.startsWith('redis-server'),
    });
  };
  interface Run {
    rps: number;
    cores: Record<string, number>;
    /** CPU milliseconds per call: the replica(s), and the PostgreSQL backends serving them. */
    cpuMsPerCall: { replicas: number; postgres: number };
  }
  const load = async (lb: { url: string; pid: number | undefined }): Promise<Run> => {
    const before = cpuSnapshot();
    const result = await autocannon({
      url: `${lb.url}/mcp`,
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}` },
      body: rpc('tools/call', { name: 'get_item', arguments: { id: 'bench' } }),
      connections: 16,
      duration: seconds,
    });
    const after = cpuSnapshot();
    if (result.non2xx + result.errors > 0) {
      const { statusCodeStats, timeouts, errors, non2xx } = result as typeof result & {
        statusCodeStats?: Record<string, { count: number }>;
      };
      throw new Error(
        `${non2xx + errors} failed requests: ${JSON.stringify({ non2xx, errors, timeouts, statusCodeStats })}`,
      );
    }
    const rps = result['2xx'] / result.duration;
    const cores = await cpuOf(before, after, lb);
    const replicas = (cores.replicaA ?? 0) + (cores.replicaB ?? 0) + (cores.baselineReplica ?? 0);
    const perCall = (c: number) => round((c * 1000) / rps);
    return {
      rps,
      cores,
      cpuMsPerCall: { replicas: perCall(replicas), postgres: perCall(cores.postgresPorticoBackends ?? 0) },
    };
  };
  await load(one); // warm-up
  await load(both);
  if (baselineLb !== undefined) await load(baselineLb);
  // Alternate to spread any drift over all; the best of two runs each.
  const runs1: Run[] = [];
  const runs2: Run[] = [];
  const runsBaseline: Run[] = [];
  for (let i = 0; i < 2; i++) {
    runs1.push(await load(one));
    runs2.push(await load(both));
    if (baselineLb !== undefined) runsBaseline.push(await load(baselineLb));
  }
  const best = (runs: Run[]) => runs.reduce((x, y) => (y.rps > x.rps ? y : x));
  const best1 = best(runs1);
  const best2 = best(runs2);
  await baselineLb?.close();

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
        tokenLookup: { postgresIndexedRead: micros(pgMs), redisGet: micros(redisMs) },
        rateLimit: { rule: `${n}/min`, calls: 3 * n, allowed },
        throughput: {
          connections: 16,
          seconds,
          oneReplicaRps: round(best1.rps, 0),
          twoReplicasRps: round(best2.rps, 0),
          ratio: round(best2.rps / best1.rps),
          allRunsRps: { one: runs1.map((r) => round(r.rps, 0)), two: runs2.map((r) => round(r.rps, 0)) },
          coresOneReplica: best1.cores,
          coresTwoReplicas: best2.cores,
          cpuMsPerCall: { oneReplica: best1.cpuMsPerCall, twoReplicas: best2.cpuMsPerCall },
          ...(runsBaseline.length > 0
            ? {
                baseline: {
                  bin: baselineBin,
                  oneReplicaRps: round(best(runsBaseline).rps, 0),
                  allRunsRps: runsBaseline.map((r) => round(r.rps, 0)),
                  cores: best(runsBaseline).cores,
                  cpuMsPerCall: best(runsBaseline).cpuMsPerCall,
                },
              }
            : {}),
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
