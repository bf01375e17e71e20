import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runPortico } from '../support/cli.js';

describe('portico reload', () => {
  it('without Redis says how to reach the replicas (or SIGHUP for one), exit 1', async () => {
    const env = { PORTICO_REDIS_URL: '', PORTICO_CONFIG: '' };
    const run = await runPortico(
      ['reload', '--config', `${mkdtempSync(`${tmpdir()}/portico-reload-`)}/none.yaml`],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/config file not found/);
    const bare = await runPortico(['reload', '--timeout', '1'], { ...env, PORTICO_CONFIG: '' });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/no Redis is configured.*--redis-url.*PORTICO_REDIS_URL.*SIGHUP/);
  });

  it('refuses a URL that is not a Redis URL', async () => {
    const run = await runPortico(['reload', '--redis-url', 'http://127.0.0.1:6379']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a Redis URL/);
  });
});
