import type { RemoteToolInfo } from '../catalog/types.js';
import type { McpServerConfig } from '../config/types.js';
import { PorticoError } from '../errors/index.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { ServerConnection } from './server-connection.js';
import type { Federation, FederationLogger, FederationOptions } from './types.js';

const silent: FederationLogger = { info() {}, warn() {}, debug() {}, error() {} };

/**
 * Federate `servers`: connect to each (remote Streamable HTTP or a local stdio child, spawned
 * once and reused), keep their tool lists current, and forward calls. Fail-open: a server that
 * is down never fails `start()`; it is retried in the background.
 */
export function createFederation(servers: McpServerConfig[], opts: FederationOptions = {}): Federation {
  const logger = opts.logger ?? silent;
  const backoff = {
    baseDelayMs: opts.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
    maxDelayMs: opts.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
  };
  const listeners = new Set<() => void>();
  const emit = (): void => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (err) {
        logger.error({ err }, 'a federation change listener threw');
      }
    }
  };
  const byName = new Map<string, ServerConnection>();
  for (const config of servers) {
    if (byName.has(config.name)) {
      throw new PorticoError(
        'config_invalid',
        `MCP server "${config.name}" is declared twice; mcp_servers names must be unique.`,
      );
    }
    byName.set(
      config.name,
      new ServerConnection(config, {
        logger,
        backoff,
        onToolsChanged: emit,
        ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
      }),
    );
  }
  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  return {
    start() {
      started ??= Promise.all([...byName.values()].map((s) => s.start())).then(() => undefined);
      return started;
    },
    tools() {
      const out = new Map<string, RemoteToolInfo[]>();
      for (const [name, server] of byName) {
        const tools = server.tools();
        if (tools !== undefined) out.set(name, tools);
      }
      return out;
    },
    status() {
      return [...byName.values()].map((s) => s.status());
    },
    async call(server, remoteName, args, callOpts = {}) {
      const conn = byName.get(server);
      if (conn === undefined) {
        const known = [...byName.keys()].join(', ') || 'none';
        throw new PorticoError(
          'upstream_unreachable',
          `MCP server "${server}" is not federated (mcp_servers declares: ${known}).`,
          { server },
        );
      }
      return conn.call(remoteName, args, callOpts);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed ??= Promise.all([...byName.values()].map((s) => s.close())).then(() => listeners.clear());
      return closed;
    },
  };
}
