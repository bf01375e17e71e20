#!/usr/bin/env node
import { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerAuth } from './auth.js';
import { registerCheck } from './check.js';
import { registerConnect } from './connect.js';
import { registerDemo } from './demo.js';
import { registerGrants } from './grants.js';
import { registerLogin } from './login.js';
import { registerLogout } from './logout.js';
import { registerReload } from './reload.js';
import { registerServe } from './serve.js';
import { registerSetup } from './setup.js';
import { registerStatus } from './status.js';
import { registerTenants } from './tenants.js';
import { registerTokens } from './tokens.js';
import { registerUsers } from './users.js';

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
registerUsers(program);
registerGrants(program);
registerLogin(program);
registerLogout(program);
registerStatus(program);
registerConnect(program);
registerReload(program);
registerSetup(program);
registerAuth(program);

await program.parseAsync(process.argv);
