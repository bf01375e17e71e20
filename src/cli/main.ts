#!/usr/bin/env node
import { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerServe } from './serve.js';

const program = new Command()
  .name('portico')
  .description('Portico: serve your API to AI assistants as an MCP server')
  .version('0.1.0');
registerServe(program);
registerCheck(program);
registerDemo(program);

await program.parseAsync(process.argv);
