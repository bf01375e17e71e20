/**
 * `npx tsx bench/security.ts`: what caller security (token auth, rate limits, audit, metrics)
 * adds to a tools/call. One gateway on bench/portico.bench.yaml serves the same tool on three
 * listeners — `floor` (dev principal, limits/audit/metrics as no-ops), `no-auth` (what
 * `--no-auth` runs) and `token` (what `portico serve` runs, with an `mcp_` token) — measured
 * under load at the same concurrency in alternating rounds, then in-process step by step.
 * Writes the generated part of the "Security overhead" section of docs/benchmarks.md.
 *
 * Options: `--seconds N` (measured per round, default 5), `--warmup N` (default 1), `--rounds N`
 * (default 2), `--connections 1,8` (default 1), `--no-write`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SECURITY_MODES, type SecurityMode } from './bench-portico.js';
import { forkTs, REPO_ROOT, startServerChild, workspacesEnv } from './children.js';
import { runLoad } from './load.js';
import { describeMachine } from './machine.js';
import { type PairedResult, runPaired } from './paired.js';
import {
  apiKeyOf,
  assertEraShape,
  type BenchRequest,
  bearer,
  captureSdkToolCall,
  directRequest,
  looksSuccessful,
  verifyRequest,
} from './requests.js';
import type { SecurityMicro } from './security-micro.js';
import { renderSecurity, type SecurityLoadRow, writeSecurity } from './security-report.js';
import { summarize } from './stats.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '1' },
    paired: { type: 'string', default: '4000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const durationSec = Number(flags.seconds);
const warmupSec = Number(flags.warmup);
const rounds = Math.max(1, Number(flags.rounds));
const concurrency = flags.connections.split(',').map(Number);
const pairedIterations = Number(flags.paired);

const log = (msg: string) => console.log(`[bench:security] ${msg}`);
const machine = describeMachine();
log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);

const flowhub = await startServerChild(['flowhub']);
try {
  const servers = await startServerChild(['security', flowhub.url], workspacesEnv(flowhub));
  const load: SecurityLoadRow[] = [];
  let paired: PairedResult | undefined;
  try {
    const { urls, token } = servers.info;
    if (urls === undefined || token === undefined)
      throw new Error('the security child reported no URLs/token');
    log(
      `FlowHub ${flowhub.url}; Portico ${Object.entries(urls)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const captured = await captureSdkToolCall(`${urls.token}/mcp`, 'modern', bearer(token));
    assertEraShape(captured, 'modern');
    const { authorization: _auth, ...anonymous } = captured.headers;
    const through = (mode: SecurityMode): BenchRequest => ({
      ...captured,
      label: mode,
      url: `${urls[mode]}/mcp`,
      headers: mode === 'token' ? captured.headers : anonymous,
    });
    const requests: BenchRequest[] = [
      directRequest(flowhub.url, apiKeyOf(flowhub.info.workspaces)),
      ...SECURITY_MODES.map(through),
    ];
    for (const req of requests) await verifyRequest(req);
    // The token configuration must really authenticate: the same call without the token is refused.
    const refused = await fetch(`${urls.token}/mcp`, {
      method: 'POST',
      headers: anonymous,
      body: captured.body,
    });
    if (refused.status !== 401) throw new Error(`token listener answered ${refused.status} without a token`);
    log('all requests verified; the token listener refuses a call without the token (401)');

    for (const connections of concurrency) {
      const samples = new Map<string, number[]>();
      const roundP50s = new Map<string, number[]>();
      const seconds = new Map<string, number>();
      for (let round = 0; round < rounds; round++) {
        for (const request of round % 2 === 0 ? requests : [...requests].reverse()) {
          const r = await runLoad({
            request,
            connections,
            durationSec,
            warmupSec,
            verifyBody: looksSuccessful(request),
            keepSamples: true,
          });
          samples.set(r.label, [...(samples.get(r.label) ?? []), ...(r.samples ?? [])]);
          roundP50s.set(r.label, [...(roundP50s.get(r.label) ?? []), r.latency.p50]);
          seconds.set(r.label, (seconds.get(r.label) ?? 0) + r.seconds);
          log(
            `round ${round + 1} ${r.label.padEnd(7)} c=${String(connections).padEnd(2)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50.toFixed(3)} ms  p99 ${r.latency.p99.toFixed(3)} ms`,
          );
        }
      }
      for (const request of requests) {
        const all = samples.get(request.label) ?? [];
        const latency = summarize(all);
        load.push({
          label: request.label as SecurityLoadRow['label'],
          connections,
          requests: all.length,
          rps: all.length / (seconds.get(request.label) ?? Number.NaN),
          latency,
          roundP50s: roundP50s.get(request.label) ?? [],
        });
      }
    }
    if (pairedIterations > 0) {
      log(`interleaved HTTP run: ${pairedIterations} iterations of every request, one at a time`);
      paired = await runPaired({
        requests,
        iterations: pairedIterations,
        warmup: 200,
        check: (req, status, body) => status === 200 && looksSuccessful(req)(body),
      });
      for (const [label, l] of Object.entries(paired.latency)) {
        log(
          `paired ${label.padEnd(7)} p50 ${l.p50.toFixed(3)} ms  p99 ${l.p99.toFixed(3)} ms  median diff to floor ${paired.medianDiff[label]!.floor!.toFixed(3)} ms`,
        );
      }
    }
  } finally {
    await servers.stop();
  }

  log('in-process step costs (about 40 s)');
  const child = forkTs('./security-micro.ts', [flowhub.url], workspacesEnv(flowhub));
  const msg = await child.next();
  await child.stop();
  if (msg.type !== 'result') throw new Error(`security-micro.ts: expected a result, got ${msg.type}`);
  const microResult = msg.result as SecurityMicro;
  const micro = microResult.cases;
  for (const [mode, p] of Object.entries(microResult.paired)) {
    log(
      `in-process interleaved ${mode.padEnd(7)} wall ${p.wallUs.toFixed(0)} µs  cpu ${p.cpuUs.toFixed(0)} µs  vs floor: wall ${p.wallDiffUs.floor!.toFixed(0)} µs  cpu ${p.cpuDiffUs.floor!.toFixed(0)} µs`,
    );
  }
  for (const c of micro) {
    log(
      `${c.label.padEnd(100)} wall ${c.wallUs.toFixed(1).padStart(7)} µs  cpu ${c.cpuUs.toFixed(1).padStart(7)} µs`,
    );
  }

  const section = renderSecurity({
    machine,
    durationSec,
    warmupSec,
    rounds,
    load,
    paired,
    micro,
    microPaired: microResult.paired,
    microPairedIterations: microResult.pairedIterations,
  });
  if (flags['no-write']) console.log(section);
  else {
    writeSecurity(join(REPO_ROOT, 'docs', 'benchmarks.md'), section);
    log('wrote docs/benchmarks.md');
  }
} finally {
  await flowhub.stop();
}
