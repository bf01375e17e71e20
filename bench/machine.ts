import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './children.js';

/** What the benchmark ran on. */
export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  date: string;
  versions: Record<string, string>;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Installed version (read from node_modules: some packages do not export package.json). */
function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'));
    return (pkg as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Describe this machine and the versions that matter for the figures. */
export function describeMachine(): Machine {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: `${process.platform} ${release()}`,
    date: new Date().toISOString(),
    versions: Object.fromEntries(
      ['@modelcontextprotocol/server', 'hono', '@hono/node-server', 'undici', 'autocannon'].map((n) => [
        n,
        packageVersion(n),
      ]),
    ),
  };
}
