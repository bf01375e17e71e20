#!/usr/bin/env node
// The `portico` command: runs the JavaScript that `npm run build` (run by `npm ci`/`npm install`)
// transpiles into dist/.
import { isMainModule, nodeIo, runCli } from '../dist/src/cli/index.js';

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2), nodeIo());
}
