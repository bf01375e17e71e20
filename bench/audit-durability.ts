/**
 * `npm run bench:audit` (`npx tsx bench/audit-durability.ts`): what `audit.durability: sync`
 * costs against `batched`. Two real `portico serve` processes (dist/, SQLite in WAL mode), one
 * per mode, in front of the same in-process upstream that answers at once; measured
 * interleaved one call at a time (latency), then at `--connections` concurrent calls
 * (throughput), alternating modes per round. Prints a Markdown table for docs/benchmarks.md.
 *
 * Options: `--iterations N` (interleaved calls per mode, default 2000), `--seconds N` (per
 * concurrent round, default 3), `--rounds N` (default 2), `--connections N` (default 16).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.js';
import { summarize } from './stats.js';

const { values: flags } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
  },
});
const BIN = fileURLToPath(new URL('../bin/portico.js', import.meta.url));
const CONFIG = fileURLToPath(new URL('../test/fixtures/audit-durability.yaml', import.meta.url));
type Mode = 'sync' | 'batched';
const MODES: Mode[] = ['sync', 'batched'];
const log = (msg: string) => console.log(`[bench:audit] ${msg}`);

const upstream = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"waited":0}');
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

function start(mode: Mode): Promise<{ child: ChildProcess; url: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), `portico-bench-audit-${mode}-`));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '-c', CONFIG, '--port', '0', '--data-dir', dataDir, '--no-auth'],
      { env: { ...process.env, FAULT_URL: upstreamUrl, AUDIT_DURABILITY: mode }, stdio: 'pipe' },
    );
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/.exec(out);
      if (m?.[1] !== undefined) resolve({ child, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`portico (${mode}) exited (${code}):\n${out}`)));
  });
}

const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'get_delayed', arguments: { ms: 0 } },
});
async function call(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
    body: BODY,
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('"result"')) throw new Error(`call failed: ${res.status} ${text}`);
  return performance.now() - t0;
}

const servers = Object.fromEntries(
  await Promise.all(MODES.map(async (m) => [m, await start(m)] as const)),
) as Record<Mode, { child: ChildProcess; url: string }>;
try {
  const machine = describeMachine();
  log(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  for (const m of MODES) for (let i = 0; i < 200; i++) await call(servers[m].url); // warm-up
  const iterations = Number(flags.iterations);
  const samples: Record<Mode, number[]> = { sync: [], batched: [] };
  for (let i = 0; i < iterations; i++) {
    const order = i % 2 === 0 ? MODES : [...MODES].reverse();
    for (const m of order) samples[m].push(await call(servers[m].url));
  }
  const connections = Number(flags.connections);
  const seconds = Number(flags.seconds);
  const load: Record<Mode, { calls: number; ms: number; lat: number[] }> = {
    sync: { calls: 0, ms: 0, lat: [] },
    batched: { calls: 0, ms: 0, lat: [] },
  };
  for (let r = 0; r < Number(flags.rounds); r++) {
    for (const m of r % 2 === 0 ? MODES : [...MODES].reverse()) {
      const until = performance.now() + seconds * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < until) {
            load[m].lat.push(await call(servers[m].url));
            load[m].calls++;
          }
        }),
      );
      load[m].ms += performance.now() - t0;
    }
  }
  const f = (n: number) => n.toFixed(2);
  console.log(`\n#### audit.durability: sync vs batched (${new Date().toISOString()})\n`);
  console.log(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; SQLite (WAL) store.\n`);
  console.log(
    `| mode | 1 at a time: p50 ms | p90 ms | p99 ms | ${connections} concurrent: calls/s | p50 ms | p99 ms |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const m of MODES) {
    const one = summarize(samples[m]);
    const many = summarize(load[m].lat);
    console.log(
      `| ${m} | ${f(one.p50)} | ${f(one.p90)} | ${f(one.p99)} | ${Math.round((load[m].calls * 1000) / load[m].ms)} | ${f(many.p50)} | ${f(many.p99)} |`,
    );
  }
  const d = summarize(samples.sync).p50 - summarize(samples.batched).p50;
  console.log(`\nsync − batched, p50 one at a time: ${f(d)} ms (${iterations} interleaved calls each).`);
} finally {
  for (const m of MODES) servers[m].child.kill('SIGTERM');
  upstream.close();
}
