import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { runPortico, startPortico, testIo } from '../support/cli.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';

// runCli is the whole CLI as a function: output, input, environment, directory and signals come
// through its io, and it returns the exit code instead of ending the process.

const faults = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), 'portico-runcli-'));
const URL_LINE = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/mcp"/;

describe('runCli', () => {
  let exit: ReturnType<typeof vi.spyOn>;
  let upstream: FaultUpstream;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });
  afterEach(() => {
    // No command may end the process: every run above returned its code instead.
    expect(exit).not.toHaveBeenCalled();
    exit.mockRestore();
  });
  beforeEach(() => {
    exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`process.exit(${String(code)}) called`);
    });
  });

  it('returns commander’s codes for --version, --help and usage errors, writing through io', async () => {
    const version = await runPortico(['--version']);
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });

    const help = await runPortico(['tenants', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: portico tenants/);

    const unknown = await runPortico(['nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'nope'");

    const bare = await runPortico([]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('Usage: portico [options] [command]');

    const missing = await runPortico(['tokens', 'create', '--tenant', 'acme']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--label <label>' not specified");
  });

  it('resolves relative paths against io.cwd and reads PORTICO_* from io.env, not the process', async () => {
    const cwd = tempDir();
    const created = await runPortico(['tenants', 'create', 'acme', '--data-dir', 'rel'], {}, { cwd });
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(join(cwd, 'rel', 'portico.db'))).toBe(true);

    const fromEnv = await runPortico(['tenants', 'list', '--json'], { PORTICO_DATA_DIR: 'rel' }, { cwd });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).tenants.map((t: { id: string }) => t.id)).toEqual(['acme']);
    expect(process.env.PORTICO_DATA_DIR).toBeUndefined();
  });

  it('serve: runs until SIGTERM, reloads on SIGHUP, then returns 0 with its handlers removed', async () => {
    const dataDir = tempDir();
    const serve = await startPortico(
      ['serve', '-c', faults, '--port', '0', '--data-dir', dataDir],
      { FAULT_URL: upstream.url },
      URL_LINE,
    );
    const base = serve.match[1]!;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    serve.signal('SIGHUP');
    await vi.waitFor(() => expect(serve.output()).toMatch(/"why":"reload".*"catalogue rebuilt"/));
    expect(serve.output()).toContain('reloading the catalogue');

    expect(await serve.stop()).toBe(0);
    expect(serve.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    // The handlers are gone: a late signal reaches nothing.
    serve.signal('SIGTERM');
    expect(serve.exits).toEqual([]);
  });

  it('serve: a second signal while shutting down leaves at once (io.exitNow(1)) and returns 1', async () => {
    const t = testIo({ FAULT_URL: upstream.url });
    const done = runCli(['serve', '-c', faults, '--port', '0', '--data-dir', tempDir()], t.io);
    await vi.waitFor(() => expect(t.output()).toMatch(URL_LINE));
    // Both arrive before the graceful close (which the first starts) can finish.
    t.signal('SIGINT');
    t.signal('SIGINT');
    expect(await done).toBe(1);
    expect(t.exits).toEqual([1]);
    expect(t.output()).toContain('second signal: exiting now');
    // The graceful close started by the first signal still finishes in the background.
    await vi.waitFor(() => expect(t.output()).toContain('"msg":"stopped"'));
  });

  it('serve: a startup error is reported and returned, with no handlers left behind', async () => {
    const t = testIo();
    const code = await runCli(['serve', '-c', join(tempDir(), 'missing.yaml'), '--port', '0'], t.io);
    expect(code).toBe(1);
    expect(t.stderr()).toContain('missing.yaml');
    t.signal('SIGTERM');
    expect(t.exits).toEqual([]);
  });
});
