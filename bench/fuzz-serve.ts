/**
 * `npx tsx bench/fuzz-serve.ts [cases] [seed]`: the seeded fuzzer of test/support/fuzz.ts against
 * a real `portico serve` process (dist/; node scripts/build.mjs first) over HTTP, 8 callers at a
 * time, sampling the server's RSS (/proc/<pid>/status) after the warm-up and at the end. Prints
 * the figures recorded in docs/security.md. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFaultUpstream } from '../test/support/fault-upstream.js';
import { checkAnswer, Fuzzer } from '../test/support/fuzz.js';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 11);
const BIN = fileURLToPath(new URL('../bin/portico.js', import.meta.url));
const CONFIG = fileURLToPath(new URL('../test/fixtures/hardening.yaml', import.meta.url));

const upstream = await startFaultUpstream();
const dataDir = mkdtempSync(join(tmpdir(), 'portico-fuzz-'));
const child = spawn(
  process.execPath,
  [BIN, 'serve', '-c', CONFIG, '--port', '0', '--data-dir', dataDir, '--no-auth'],
  {
    env: { ...process.env, FAULT_URL: upstream.url },
    stdio: 'pipe',
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/.exec(out);
    if (m?.[1] !== undefined) resolve(m[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code) => reject(new Error(`portico exited (${code}):\n${out}`)));
});
const rssMiB = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return Math.round(Number(m?.[1]) / 1024);
};

const tools = ['get_item', 'create_echo', 'whoami', 'no_such_tool'];
const fuzz = new Fuzzer(seed, tools);
const statuses = new Map<number, number>();
const problems: string[] = [];
let crashed = false;
child.on('exit', () => {
  crashed = true;
});
let sent = 0;
const t0 = performance.now();
let rssWarm = 0;
const samples: number[] = [];
const worker = async () => {
  while (sent < cases && !crashed) {
    const i = sent++;
    if (i === Math.floor(cases / 10)) rssWarm = rssMiB();
    if (i % Math.floor(cases / 10) === 0) samples.push(rssMiB());
    const c = fuzz.next();
    try {
      const res = await fetch(url, { method: 'POST', headers: c.headers, body: c.body as BodyInit });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const p = await checkAnswer(res);
      if (p !== undefined && problems.length < 20) problems.push(p);
    } catch (err) {
      if (problems.length < 20) problems.push(`transport: ${(err as Error).message}`);
    }
  }
};
await Promise.all(Array.from({ length: 8 }, worker));
const rssEnd = rssMiB();
console.log(
  JSON.stringify({
    cases,
    seed,
    seconds: Math.round((performance.now() - t0) / 1000),
    crashed,
    statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
    fiveXX: [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0),
    problems,
    rssMiB: {
      afterWarmup: rssWarm,
      end: rssEnd,
      growthPct: Math.round(((rssEnd - rssWarm) / rssWarm) * 1000) / 10,
      samples,
    },
  }),
);
child.kill('SIGTERM');
await upstream.close();
