// The newcomer path, exactly as the README tells it: `npm start` in the repository (which CI runs
// on a fresh `git clone` after `npm ci`), wait for /healthz, then one real tools/call with the
// token the demo printed. Only the port (free one) and data dir (temp) are chosen for the test.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connectClient } from '../support/clients.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Printed {
  mcpUrl: string;
  acmeToken: string;
}

/** Run `npm start`, resolve with what it printed once the endpoint and acme's token are on stdout. */
function npmStart(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; printed: Printed; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: 'pipe', detached: true });
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no endpoint and token in 60 s:\n${out}`)),
      60_000,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      const endpoint = /Portico MCP endpoint\s+(http:\/\/\S+\/mcp)/.exec(out);
      const token = /^\s+acme\s+(mcp_[A-Za-z0-9]+)\s*$/m.exec(out);
      if (endpoint?.[1] && token?.[1]) {
        clearTimeout(timer);
        resolve({ child, printed: { mcpUrl: endpoint[1], acmeToken: token[1] }, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before serving:\n${out}`));
    });
  });
}

describe('newcomer path: npm start, /healthz, one tools/call with the printed token', () => {
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child?.pid === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child?.once('exit', r));
    process.kill(-child.pid, 'SIGTERM'); // npm, its shell and the demo
    await exited;
  });

  it('serves the demo and answers a real call from the SDK client', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORTICO_PORT: '0',
      PORTICO_DATA_DIR: mkdtempSync(join(tmpdir(), 'portico-newcomer-')),
    };
    delete env.FLOWHUB_URL;
    const started = await npmStart(env);
    child = started.child;
    const { mcpUrl, acmeToken } = started.printed;

    const health = await fetch(new URL('/healthz', mcpUrl));
    expect(health.status, started.output()).toBe(200);

    const client = await connectClient(mcpUrl, 'modern', { Authorization: `Bearer ${acmeToken}` });
    try {
      const result = await client.callTool({ name: 'list_flows', arguments: {} });
      expect(result.isError ?? false).toBe(false);
      const flows = (result.structuredContent as { flows: { owner: string }[] }).flows;
      expect(flows.length).toBeGreaterThan(0);
      expect(flows.every((f) => f.owner.endsWith('@acme.io'))).toBe(true); // acme's token, acme's flows
    } finally {
      await client.close();
    }
  }, 90_000);
});
