// `PORTICO_TIMEOUT_MS` is read from the CLI's own environment (`runCli(argv, io)`'s io.env), not
// from the process's: a gateway that accepts the connection and never answers is given up on after
// the configured time by `portico login --token` and `portico status`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPortico } from '../support/cli.js';

describe('PORTICO_TIMEOUT_MS from the CLI environment', () => {
  let silent: Server;
  let url = '';
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-timeout-'));
    // Takes every request and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('portico login --token gives up after PORTICO_TIMEOUT_MS', async () => {
    const env = { PORTICO_TIMEOUT_MS: '1000', PORTICO_CREDENTIALS_FILE: join(dir, 'login.json') };
    // The process's own environment says otherwise: only the CLI's io.env counts.
    const run = await runPortico(
      ['login', url, '--token', 'mcp_abc'],
      env,
      {},
      { ...process.env, PORTICO_TIMEOUT_MS: '60000' },
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('did not answer within 1 s');
  });

  it('portico status gives up after PORTICO_TIMEOUT_MS', async () => {
    const file = join(dir, 'status.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        gateways: { [url]: { kind: 'token', token: 'mcp_abc', saved_at: new Date().toISOString() } },
      }),
    );
    const run = await runPortico(['status', url], {
      PORTICO_TIMEOUT_MS: '1000',
      PORTICO_CREDENTIALS_FILE: file,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('did not answer within 1 s');
  });
});
