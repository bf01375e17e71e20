#!/usr/bin/env node
// The `portico` command: runs the JavaScript that `npm run build` (run by `npm ci`/`npm install`)
// transpiles into dist/.
await import('../dist/src/cli/main.js');
