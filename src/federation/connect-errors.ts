import { SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import type { McpServerConfig } from '../spec/index.js';
import { describeError } from './redact.js';

/** Facts about a failed connect attempt, for a one-line, actionable reason. */
export interface ConnectFailure {
  err: unknown;
  config: McpServerConfig;
  /** The stdio child's last stderr line, if any. */
  lastStderr?: string;
  /** Set when the attempt ran out of time: the bound it had. */
  timedOutAfterMs: number | undefined;
}

/**
 * Why connecting to (or listing the tools of) a federated server failed, with the config keys
 * to check. The caller redacts it.
 */
export function describeConnectFailure(f: ConnectFailure): string {
  const { err, config } = f;
  const key = `mcp_servers.${config.name}`;
  const t = config.transport;
  if (f.timedOutAfterMs !== undefined) {
    return `did not finish connecting and listing its tools within ${f.timedOutAfterMs} ms (${key}.timeout_ms)`;
  }
  if (err instanceof SdkHttpError && (err.status === 401 || err.status === 403)) {
    return `the server refused Portico's credentials (HTTP ${err.status}); check ${key}.bearer and ${key}.headers`;
  }
  const detail = describeError(err);
  if (t.kind === 'stdio') {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'EACCES') {
      return `could not start "${t.command}" (${code}); check ${key}.command and ${key}.cwd`;
    }
    if (err instanceof SdkError && err.code === SdkErrorCode.ConnectionClosed) {
      const last = f.lastStderr === undefined ? '' : `; its last stderr line: ${f.lastStderr.slice(0, 300)}`;
      return `the server process exited before it finished the MCP handshake${last}`;
    }
    return detail;
  }
  return `connecting to ${redactUrl(t.url)} failed: ${detail}`;
}

/** The URL without credentials or query (they may hold secrets). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'invalid';
  }
}

/** How the SDK reports that it gave up reopening a 2025-era connection's GET stream. */
const GAVE_UP = /^Maximum reconnection attempts \(\d+\) exceeded/;

/**
 * Whether an error the HTTP client reported (outside any request) means its 2025-era GET stream
 * — where the server's notifications arrive — is gone for good: the server no longer knows the
 * session (HTTP 404 reopening it: a restart), or the SDK gave up reopening it. The reason to
 * reconnect, else undefined.
 */
export function lostNotificationStream(err: unknown): string | undefined {
  if (
    err instanceof SdkHttpError &&
    err.code === SdkErrorCode.ClientHttpFailedToOpenStream &&
    err.status === 404
  ) {
    return 'the server no longer knows the session (HTTP 404 reopening its GET stream)';
  }
  if (err instanceof Error && GAVE_UP.test(err.message)) {
    return `its GET stream for notifications could not be reopened (${err.message})`;
  }
  return undefined;
}
