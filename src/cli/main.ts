#!/usr/bin/env node
import { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerServe } from './serve.js';
import { registerTenants } from './tenants.js';
import { registerTokens } from './tokens.js';

const program = new Command()
  .name('portico')
  .description('Portico: serve your API to AI assistants as an MCP server')
  .version('0.1.0');
registerServe(program);
registerCheck(program);
registerDemo(program);
registerTenants(program);
registerTokens(program);
registerAudit(program);

await program.parseAsync(process.argv);
