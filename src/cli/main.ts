#!/usr/bin/env node
// The dist entry (`npm start`, `npm run portico`): run the CLI when started as a script.
import { nodeIo } from './io.js';
import { isMainModule } from './main-module.js';
import { runCli } from './run.js';

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2), nodeIo());
}
