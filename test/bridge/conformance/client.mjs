#!/usr/bin/env node
// Conformance client for `conformance client --suite auth`: what a user does with the real CLI.
// 1. `portico login <url> --no-browser` (the test authorization server approves at once, so
//    "the browser" is one fetch that follows the redirect to portico's loopback callback);
// 2. `portico connect <url>` driven over stdio by the SDK client: tools/list, then one tools/call.
// Context (pre-registered clients) comes from MCP_CONFORMANCE_CONTEXT. Runs on Node 20.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const url = process.argv[process.argv.length - 1];
const BIN = fileURLToPath(new URL('../../../bin/portico.js', import.meta.url));
const NODE = process.env.PORTICO_NODE ?? 'node';
const env = {
  ...process.env,
  PORTICO_CREDENTIALS_FILE: join(mkdtempSync(join(tmpdir(), 'portico-conf-')), 'credentials.json'),
};
delete env.NODE_OPTIONS;
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const args = ['login', url, '--no-browser', '--timeout', '20'];
if (context.client_id) args.push('--client-id', context.client_id);
if (context.client_secret) args.push('--client-secret', context.client_secret);
if (process.env.PORTICO_CLIENT_METADATA_URL)
  args.push('--client-metadata-url', process.env.PORTICO_CLIENT_METADATA_URL);

const login = spawn(NODE, [BIN, ...args], { env, stdio: ['ignore', 'inherit', 'pipe'] });
let err = '';
let browsed = false;
login.stderr.on('data', async (d) => {
  process.stderr.write(d);
  err += d.toString();
  const m = /(https?:\/\/\S+[?&]state=\S+)/.exec(err) ?? /\n {2}(https?:\/\/\S+)\n/.exec(err);
  if (m && !browsed) {
    browsed = true;
    try {
      const res = await fetch(m[1], { redirect: 'follow' });
      process.stderr.write(`[conformance-client] browser landed on ${res.url} (${res.status})\n`);
    } catch (e) {
      process.stderr.write(`[conformance-client] browser fetch failed: ${e.message}\n`);
    }
  }
});
const code = await new Promise((r) => login.on('close', r));
if (code !== 0) {
  process.stderr.write(`[conformance-client] login exited ${code}\n`);
  process.exit(1);
}
const transport = new StdioClientTransport({
  command: NODE,
  args: [BIN, 'connect', url],
  env,
  stderr: 'inherit',
});
const client = new Client({ name: 'portico-conformance', version: '0.1.0' });
await client.connect(transport);
const { tools } = await client.listTools();
process.stderr.write(`[conformance-client] ${tools.length} tools\n`);
if (tools[0]) {
  const r = await client.callTool({ name: tools[0].name, arguments: {} });
  process.stderr.write(`[conformance-client] ${tools[0].name}: isError=${r.isError === true}\n`);
}
await client.close();
