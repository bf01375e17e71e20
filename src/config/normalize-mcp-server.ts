import { resolve } from 'node:path';
import type { McpServerConfig, TenantCredentialConfig } from '../spec/index.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import type { ConfigSource } from './locate.js';
import { normalizeIdentity } from './normalize-identity.js';
import { optional } from './optional.js';
import type { YamlMcpServer } from './schema.js';

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
    isolation: y.isolation ?? D.mcpIsolation,
    maxTenants: y.max_tenants ?? D.mcpMaxTenants,
    idleTimeoutMs: y.idle_timeout_ms ?? D.mcpIdleTimeoutMs,
    // Off unless asked for: a second connection splits whatever the server keeps in its process.
    matchCallerRevision: y.match_caller_revision ?? false,
    ...optional('tenantCredential', y.tenant_credential && tenantCredential(y.tenant_credential)),
    identityHeaders: Object.fromEntries(
      Object.entries(y.identity_headers ?? {}).map(([h, f]) => [h.toLowerCase(), f]),
    ),
    source: source.location(['mcp_servers', name]),
  };
}

function tenantCredential(c: NonNullable<YamlMcpServer['tenant_credential']>): TenantCredentialConfig {
  const header = (c.header ?? 'Authorization').toLowerCase();
  return {
    header,
    prefix: c.prefix ?? (header === 'authorization' ? 'Bearer ' : ''),
    required: c.required ?? true,
  };
}
