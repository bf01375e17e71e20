import { fileURLToPath } from 'node:url';
import type { Federation, FederationLogger } from '../../src/federation/index.js';
import type { McpServerConfig } from '../../src/spec/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const STDIO_FIXTURE = fileURLToPath(new URL('../fixtures/mcp/stdio-server.ts', import.meta.url));

/** A federated stdio server running the fixture under tsx. */
export function stdioConfig(name: string, overrides: Partial<McpServerConfig> = {}): McpServerConfig {
  return {
    name,
    transport: {
      kind: 'stdio',
      command: process.execPath,
      args: ['--import', 'tsx', STDIO_FIXTURE],
      env: {},
      cwd: REPO_ROOT,
    },
    identity: { provider: name },
    timeoutMs: 10_000,
    isolation: 'shared',
    maxTenants: 20,
    idleTimeoutMs: 600_000,
    matchCallerRevision: false,
    identityHeaders: {},
    source: { file: 'test' },
    ...overrides,
  };
}

/** A federated Streamable HTTP server. */
export function httpConfig(
  name: string,
  url: string,
  auth: { bearer?: string; headers?: Record<string, string> } = {},
  overrides: Partial<McpServerConfig> = {},
): McpServerConfig {
  return {
    name,
    transport: {
      kind: 'http',
      url,
      headers: auth.headers ?? {},
      ...(auth.bearer !== undefined ? { bearer: auth.bearer } : {}),
    },
    identity: { provider: name },
    timeoutMs: 10_000,
    isolation: 'shared',
    maxTenants: 20,
    idleTimeoutMs: 600_000,
    matchCallerRevision: false,
    identityHeaders: {},
    source: { file: 'test' },
    ...overrides,
  };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'debug' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A logger that keeps every entry. */
export function recordingLogger(): FederationLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  return { entries, info: at('info'), warn: at('warn'), debug: at('debug'), error: at('error') };
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Status of one server (throws when it is not federated). */
export function statusOf(federation: Federation, name: string) {
  const s = federation.status().find((x) => x.name === name);
  if (s === undefined) throw new Error(`no status for ${name}`);
  return s;
}

/** The parsed structuredContent of the fixture's `stats` tool. */
export async function stats(
  federation: Federation,
  server: string,
): Promise<{ pid: number; calls: number; cancelled: number; completed: number }> {
  const result = await federation.call(server, 'stats', {});
  return result.structuredContent as { pid: number; calls: number; cancelled: number; completed: number };
}

/** Catch the rejection of `p` (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}
