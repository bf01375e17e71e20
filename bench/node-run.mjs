// Run a TypeScript benchmark under plain node (no tsx in the process, so RSS and timings are
// Portico's own): bundle it with esbuild (dependencies stay external) into node_modules/.cache,
// then start node on the result.
// Usage: node bench/node-run.mjs bench/openapi-load.ts [node flags…] [-- script args…]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const [entry, ...rest] = process.argv.slice(2);
if (entry === undefined) {
  console.error('usage: node bench/node-run.mjs <entry.ts> [node flags…] [-- script args…]');
  process.exit(2);
}
const split = rest.indexOf('--');
const nodeFlags = split === -1 ? rest : rest.slice(0, split);
const scriptArgs = split === -1 ? [] : rest.slice(split + 1);
const outdir = join('node_modules', '.cache', 'portico-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, `${basename(entry).replace(/\.ts$/, '')}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [...nodeFlags, outfile, ...scriptArgs], { stdio: 'inherit' });
process.exit(run.status ?? 1);
