/**
 * `npm run bench`: tools/call through Portico vs the same FlowHub request made directly, and vs
 * peers a user could pick instead (a plain SDK v2 server forwarding by hand, the npm package
 * `@ivotoby/openapi-mcp-server`), side by side and interleaved at 1 and 32 concurrent
 * connections with the CPU per call of each serving process; plus a breakdown of where the time
 * goes inside Portico. Writes
 * the generated section of docs/benchmarks.md. A measurement, not a test: nothing is asserted
 * except that every request succeeded.
 *
 * Options: `--seconds N` (measured per block, default 10), `--warmup N` (default 2), `--rounds N`
 * (interleaved rounds, default 2), `--no-write`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { forkTs, REPO_ROOT, startServerChild, workspacesEnv } from './children.js';
import { analyzeProfile } from './cpu-profile.js';
import { type LoadOptions, type LoadResult, runLoad } from './load.js';
import { describeMachine } from './machine.js';
import type { MicroCase } from './micro-measure.js';
import { startOpenApiMcpServer } from './peers/openapi-mcp-server.js';
import { type BenchData, renderResults, writeResults } from './report.js';
import {
  apiKeyOf,
  assertEraShape,
  type BenchRequest,
  bearer,
  captureSdkToolCall,
  directRequest,
  looksSuccessful,
  printableHeaders,
  TOOL,
  verifyRequest,
} from './requests.js';
import { captureSessionScript, runSessionLoad } from './session-load.js';
import { runSideBySide, type SideTarget } from './side-by-side.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    'no-write': { type: 'boolean', default: false },
  },
});
const durationSec = Number(flags.seconds);
const warmupSec = Number(flags.warmup);
const rounds = Number(flags.rounds);
/** What @ivotoby/openapi-mcp-server names FlowHub's `get_flow` operation. */
const PEER_TOOL = 'get-flow';
const CONCURRENCY = [1, 32];
const PROFILE = { era: 'modern', connections: 32, seconds: Math.min(4, durationSec) };

const log = (msg: string) => console.log(`[bench] ${msg}`);
const machine = describeMachine();
log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);

const flowhub = await startServerChild(['flowhub']);
// Portico as `portico serve` runs it (tokens required), on bench/portico.bench.yaml: the demo
// config with limits no run reaches. Calls carry tenant acme's token.
const portico = await startServerChild(['portico', flowhub.url], workspacesEnv(flowhub));
// Peers serving the same FlowHub call: a plain SDK v2 server, and a published npm package.
const plain = await startServerChild(['sdk-plain', flowhub.url], workspacesEnv(flowhub));
const peer = await startOpenApiMcpServer(flowhub.url, apiKeyOf(flowhub.info.workspaces));
const profileDir = mkdtempSync(join(tmpdir(), 'portico-bench-prof-'));
try {
  log(`FlowHub ${flowhub.url} (pid ${flowhub.pid}), Portico ${portico.url}/mcp (pid ${portico.pid})`);
  const mcpUrl = `${portico.url}/mcp`;
  const token = portico.info.token;
  if (token === undefined) throw new Error('the Portico child reported no token');
  const modern = await captureSdkToolCall(mcpUrl, 'modern', bearer(token));
  const legacy = await captureSdkToolCall(mcpUrl, 'legacy', bearer(token));
  assertEraShape(modern, 'modern');
  assertEraShape(legacy, 'legacy');
  const direct = directRequest(flowhub.url, apiKeyOf(flowhub.info.workspaces));
  const requests: BenchRequest[] = [direct, modern, legacy];
  for (const req of requests) await verifyRequest(req);
  log('all three requests verified (successful tool results / FlowHub 200)');

  const plainReq = await captureSdkToolCall(plain.url, 'modern', undefined, TOOL, 'sdk-plain');
  await verifyRequest(plainReq);
  // The package answers a tools/call POST with 202 and sends the result on the session's GET
  // stream: it is driven by virtual clients replaying the SDK client's session (session-load.ts).
  const peerScript = await captureSessionScript(peer.url, PEER_TOOL, 'openapi-mcp-server');
  const peerReq: BenchRequest = {
    label: peerScript.label,
    method: 'POST',
    url: peer.url,
    headers: peerScript.call.headers,
  };
  log('peers verified: plain SDK v2 server (modern), @ivotoby/openapi-mcp-server (2025-11-25, session)');

  const targets: SideTarget[] = [
    { request: direct, pid: flowhub.pid },
    { request: modern, pid: portico.pid },
    { request: legacy, pid: portico.pid },
    { request: plainReq, pid: plain.pid },
    {
      request: peerReq,
      pid: peer.pid,
      run: (o: LoadOptions) => runSessionLoad({ ...o, script: peerScript }),
    },
  ].map((t) => ({ ...t, verifyBody: looksSuccessful(t.request) }));
  const sides = await runSideBySide({
    targets,
    upstreamPid: flowhub.pid,
    connections: CONCURRENCY,
    rounds,
    durationSec,
    warmupSec,
    onBlock: (label, c, round, r, cpu) =>
      log(
        `round ${round + 1} ${label.padEnd(18)} c=${String(c).padEnd(2)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50.toFixed(3)} ms  cpu ${cpu.toFixed(0)} µs/call`,
      ),
  });
  const load: LoadResult[] = sides.filter((r) => ['direct', 'modern', 'legacy'].includes(r.label));
  await plain.stop();
  await peer.stop();

  log(`profiling Portico: ${PROFILE.era} at c=${PROFILE.connections} for ${PROFILE.seconds} s`);
  const profiled = PROFILE.era === 'modern' ? modern : legacy;
  const profileFile = join(profileDir, 'portico.cpuprofile');
  await portico.command({ type: 'profile-start' });
  const profLoad = await runLoad({
    request: profiled,
    connections: PROFILE.connections,
    durationSec: PROFILE.seconds,
    warmupSec: 0,
    verifyBody: looksSuccessful(profiled),
  });
  await portico.command({ type: 'profile-stop', file: profileFile });
  const profile = { ...analyzeProfile(profileFile, profLoad.requests), ...PROFILE };
  await portico.stop();

  log('in-process micro-benchmark (about 30 s)');
  const microChild = forkTs('./micro.ts', [flowhub.url], workspacesEnv(flowhub));
  const micro = await microChild.next();
  await microChild.stop();
  if (micro.type !== 'result') throw new Error(`micro.ts: expected a result, got ${micro.type}`);
  const cases = micro.result as MicroCase[];
  for (const c of cases) {
    log(
      `${c.label.padEnd(66)} wall ${c.wallUs.toFixed(0).padStart(5)} µs  cpu ${c.cpuUs.toFixed(0).padStart(5)} µs`,
    );
  }

  const data: BenchData = {
    machine,
    durationSec,
    warmupSec,
    modernHeaders: printableHeaders(modern),
    modernBody: modern.body ?? '',
    legacyHeaders: printableHeaders(legacy),
    legacyBody: legacy.body ?? '',
    load,
    sides,
    rounds,
    profile,
    micro: cases,
  };
  const section = renderResults(data);
  if (flags['no-write']) console.log(section);
  else {
    writeResults(join(REPO_ROOT, 'docs', 'benchmarks.md'), section);
    log('wrote docs/benchmarks.md');
  }
} finally {
  await plain.stop();
  await peer.stop();
  await portico.stop();
  await flowhub.stop();
  rmSync(profileDir, { recursive: true, force: true });
}
