// `npm run deps`: cruise src/ with dependency-cruiser under .dependency-cruiser.cjs (folder cycles,
// forbidden directions), then check docs/architecture.md's folder table against the real imports:
// its "depends on" column must name exactly the folders each folder imports. Exits 1 on either.
// `node scripts/check-deps.mjs --table` prints the real column instead.
import { readFileSync } from 'node:fs';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const { output: result } = await cruise(['src'], { ...options, outputType: 'json' }, undefined, {
  tsConfig: extractTSConfig('tsconfig.json'),
});
const cruised = typeof result === 'string' ? JSON.parse(result) : result;

const out = (text) => process.stdout.write(`${text}\n`);
const problem = (text) => process.stderr.write(`docs/architecture.md: ${text}\n`);

/** The top folder of a module under src/, or undefined. */
const folderOf = (path) => /^src\/([^/]+)\//.exec(path)?.[1];

const actual = new Map();
for (const mod of cruised.modules) {
  const from = folderOf(mod.source);
  if (from === undefined) continue;
  if (!actual.has(from)) actual.set(from, new Set());
  for (const dep of mod.dependencies) {
    const to = folderOf(dep.resolved);
    if (to !== undefined && to !== from) actual.get(from).add(to);
  }
}

if (process.argv.includes('--table')) {
  for (const [folder, deps] of [...actual].sort()) {
    out(`${folder}/: ${[...deps].sort().join(', ') || '—'}`);
  }
  process.exit(0);
}

let failed = false;
const { output: report } = await format(cruised, { outputType: 'err' });
process.stdout.write(report);
if (cruised.summary.error > 0) failed = true;

// The folder table: | `folder/` | concept | depends on |. Each comma-separated item of the last
// cell starts with a folder name; words after it (in parentheses) only say what is used.
const doc = readFileSync('docs/architecture.md', 'utf8');
const documented = new Map();
for (const line of doc.split('\n')) {
  const row = /^\| `([a-z-]+)\/` \|.*\| ([^|]*) \|$/.exec(line);
  if (row === null) continue;
  const cell = row[2].trim();
  const names =
    cell === '—'
      ? []
      : cell
          .replace(/\([^)]*\)/g, '')
          .split(',')
          .map((item) => item.trim().split(/\s/)[0]);
  documented.set(row[1], new Set(names));
}
for (const [folder, deps] of actual) {
  const said = documented.get(folder);
  if (said === undefined) {
    problem(`the folder table has no row for src/${folder}/`);
    failed = true;
    continue;
  }
  const missing = [...deps].filter((d) => !said.has(d)).sort();
  const extra = [...said].filter((d) => !deps.has(d)).sort();
  if (missing.length > 0 || extra.length > 0) {
    problem(
      `${folder}/ depends on ${[...deps].sort().join(', ') || '—'}` +
        `${missing.length > 0 ? `; not listed: ${missing.join(', ')}` : ''}` +
        `${extra.length > 0 ? `; listed but not imported: ${extra.join(', ')}` : ''}`,
    );
    failed = true;
  }
}
for (const folder of documented.keys()) {
  if (!actual.has(folder)) {
    problem(`the folder table lists ${folder}/, which src/ does not have`);
    failed = true;
  }
}
if (!failed) out(`docs/architecture.md: the folder table matches the imports of ${actual.size} folders`);
process.exit(failed ? 1 : 0);
