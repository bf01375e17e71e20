import { resolve } from 'node:path';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import type { ConfigSource } from './locate.js';
import { normalizeIdentity } from './normalize-identity.js';
import { optional } from './optional.js';
import type { YamlMcpServer } from './schema.js';
import type { McpServerConfig } from './types.js';

/**
 * One validated `mcp_servers` entry: `url` → remote Streamable HTTP, else `command` → local stdio
 * (its `cwd` resolved against `baseDir`). Validation guarantees exactly one of the two.
 */
export function normalizeMcpServer(
  name: string,
  y: YamlMcpServer,
  baseDir: string,
  source: ConfigSource,
): McpServerConfig {
  const transport: McpServerConfig['transport'] =
    y.url !== undefined
      ? { kind: 'http', url: y.url, headers: { ...(y.headers ?? {}) }, ...optional('bearer', y.bearer) }
      : {
          kind: 'stdio',
          command: y.command ?? '',
          args: [...(y.args ?? [])],
          env: { ...(y.env ?? {}) },
          ...optional('cwd', y.cwd === undefined ? undefined : resolve(baseDir, y.cwd)),
        };
  return {
    name,
    ...optional('description', y.description),
    transport,
    identity: normalizeIdentity(name, y.identity),
    timeoutMs: y.timeout_ms ?? D.mcpTimeoutMs,
    source: source.location(['mcp_servers', name]),
  };
}
