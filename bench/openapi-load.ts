// OpenAPI catalogue build benchmark (not a test), run under plain node so RSS is Portico's own:
//   node bench/node-run.mjs bench/openapi-load.ts --expose-gc -- [--ops 10000] [--refs] [--yaml] [--runs 5]
// Each run is a fresh process: cold load + build of an `--ops`-operation document (loadSources +
// buildServing, as `portico serve` does), peak RSS, RSS and heap after GC with the catalogue
// alive, then a hot reload of the unchanged sources. With --runs N it prints every run and the
// medians. --refs adds shared, nested and recursive component schemas (see openapi-document.ts);
// --yaml writes the document as YAML instead of JSON.
import { spawnSync } from 'node:child_process';
import { buildServing, loadSources } from '../src/runtime/index.js';
import { writeOpenApiBench } from './openapi-document.js';

interface Run {
  ops: number;
  tools: number;
  loadMs: number;
  buildMs: number;
  totalMs: number;
  /** CPU time (user + system, all threads) of load + build: steadier than wall time on a busy machine. */
  totalCpuMs: number;
  peakRssMB: number;
  rssAfterBuildMB: number;
  rssAfterGcMB: number;
  heapAfterGcMB: number;
  reloadMs: number;
  rssAfterReloadGcMB: number;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : (process.argv[i + 1] ?? '');
}

const mb = (bytes: number): number => Math.round(bytes / 1e6);

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run node with --expose-gc (bench/node-run.mjs … --expose-gc)');
  gc();
  gc();
}

async function once(ops: number, refs: boolean, yaml: boolean): Promise<Run> {
  const file = writeOpenApiBench(ops, refs, yaml);
  collect();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const sources = await loadSources(file);
  const t1 = performance.now();
  const serving = buildServing(sources);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const rssAfterBuild = process.memoryUsage().rss;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  collect();
  const afterGc = process.memoryUsage();
  const t3 = performance.now();
  const again = buildServing(await loadSources(file));
  const t4 = performance.now();
  collect();
  const afterReload = process.memoryUsage().rss;
  if (again.catalog.tools.length !== serving.catalog.tools.length)
    throw new Error('reload changed the catalogue');
  return {
    ops,
    tools: serving.catalog.tools.length,
    loadMs: Math.round(t1 - t0),
    buildMs: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
    totalCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMB: mb(peakRss),
    rssAfterBuildMB: mb(rssAfterBuild),
    rssAfterGcMB: mb(afterGc.rss),
    heapAfterGcMB: mb(afterGc.heapUsed),
    reloadMs: Math.round(t4 - t3),
    rssAfterReloadGcMB: mb(afterReload),
  };
}

const ops = Number(flag('--ops') ?? 10_000);
const refs = process.argv.includes('--refs');
const yaml = process.argv.includes('--yaml');
const runs = Number(flag('--runs') ?? 1);
if (flag('--child') !== undefined || runs <= 1) {
  console.log(JSON.stringify(await once(ops, refs, yaml)));
} else {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const args = [...process.execArgv, process.argv[1]!, '--child', '1', '--ops', String(ops)];
    if (refs) args.push('--refs');
    if (yaml) args.push('--yaml');
    const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`run ${i + 1} failed: ${child.stderr}`);
    const run = JSON.parse(child.stdout.trim().split('\n').pop()!) as Run;
    console.log(JSON.stringify(run));
    results.push(run);
  }
  const median = (key: keyof Run): number => {
    const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const keys = Object.keys(results[0]!) as (keyof Run)[];
  console.log(JSON.stringify({ median: Object.fromEntries(keys.map((k) => [k, median(k)])) }));
}
process.exit(0);
