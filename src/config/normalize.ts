import { dirname, resolve } from 'node:path';
import {
  DEFAULT_VIEW,
  type OpenApiFilter,
  type OpenApiSourceConfig,
  type OperationOverride,
  type PorticoConfig,
  parseRate,
  type RateSpec,
  type TenantCredentialConfig,
  type UpstreamAuth,
  type UpstreamSettings,
} from '../spec/index.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import { type ConfigSource, type PathSegment, valueAt } from './locate.js';
import { normalizeIdentity } from './normalize-identity.js';
import { normalizeAnnotations, normalizeLongRunning } from './normalize-long-running.js';
import { normalizeMcpServer } from './normalize-mcp-server.js';
import { normalizeOAuth } from './normalize-oauth.js';
import { normalizeOperation } from './normalize-operation.js';
import { normalizeView } from './normalize-view.js';
import { optional } from './optional.js';
import type { YamlAuth, YamlConfig, YamlFilter, YamlOpenApi, YamlSystem } from './schema.js';

/**
 * Turn the validated YAML shape into {@link PorticoConfig}: camelCase fields, defaults applied,
 * source locations attached. `value` is the interpolated document (argument schemas come from it).
 */
export function normalizeConfig(
  data: YamlConfig,
  value: unknown,
  source: ConfigSource,
  file: string,
): PorticoConfig {
  const absolute = resolve(file);
  return {
    file: absolute,
    baseDir: dirname(absolute),
    server: {
      allowedOrigins: data.server?.allowed_origins ?? [],
      allowedHosts: data.server?.allowed_hosts ?? [],
      trustedProxies: (data.server?.trusted_proxies ?? []).map((p) => p.trim()),
      maxBodyBytes: data.server?.max_body_bytes ?? D.maxBodyBytes,
      maxJsonDepth: data.server?.max_json_depth ?? D.maxJsonDepth,
      maxSuspendedCallsPerTenant: data.server?.max_suspended_calls_per_tenant ?? D.maxSuspendedCallsPerTenant,
      headersTimeoutMs: data.server?.headers_timeout_ms ?? D.headersTimeoutMs,
      bodyTimeoutMs: data.server?.body_timeout_ms ?? D.bodyTimeoutMs,
      bodyMinBytesPerSec: data.server?.body_min_bytes_per_sec ?? D.bodyMinBytesPerSec,
      keepAliveTimeoutMs: data.server?.keep_alive_timeout_ms ?? D.keepAliveTimeoutMs,
      maxConnectionsPerAddress: data.server?.max_connections_per_address ?? D.maxConnectionsPerAddress,
      pageSize: data.server?.page_size ?? D.pageSize,
      ...optional('publicUrl', data.server?.public_url?.replace(/\/+$/, '')),
    },
    naming: {
      strategy: data.naming?.strategy ?? D.namingStrategy,
      separator: data.naming?.separator ?? D.namingSeparator,
      ...optional('template', data.naming?.template),
      maxLength: data.naming?.max_length ?? D.namingMaxLength,
      onCollision: data.naming?.on_collision ?? D.namingOnCollision,
    },
    publish: { descriptionMaxLength: data.publish?.description_max_length ?? D.descriptionMaxLength },
    systems: Object.entries(data.systems ?? {}).map(([name, system]) => {
      const path = ['systems', name];
      return {
        name,
        ...optional('description', system.description),
        ...upstream(system),
        baseUrl: system.base_url,
        identity: normalizeIdentity(name, system.identity),
        operations: Object.entries(system.operations ?? {}).map(([opName, op]) => {
          const opPath = [...path, 'operations', opName];
          return normalizeOperation(opName, op, (at: PathSegment[]) => valueAt(value, at), opPath, source);
        }),
        source: source.location(path),
      };
    }),
    openapi: (data.openapi ?? []).map((entry, i) => openApi(entry, source, ['openapi', i])),
    mcpServers: Object.entries(data.mcp_servers ?? {}).map(([name, server]) =>
      normalizeMcpServer(name, server, dirname(absolute), source),
    ),
    defaultView: normalizeView(
      DEFAULT_VIEW,
      data.default_view,
      data.default_view === undefined ? { file, path: 'default_view' } : source.location(['default_view']),
    ),
    views: Object.entries(data.views ?? {}).map(([name, view]) =>
      normalizeView(name, view, source.location(['views', name])),
    ),
    auth: { devTenant: data.auth?.dev_tenant ?? D.devTenant },
    limits: {
      token: rateOrNull(data.limits?.token ?? D.tokenRate),
      tenant: rateOrNull(data.limits?.tenant ?? D.tenantRate),
      tenantDailyQuota:
        data.limits?.tenant_daily_quota === undefined || data.limits.tenant_daily_quota === 'none'
          ? null
          : data.limits.tenant_daily_quota,
      authFailures: rateOrNull(data.limits?.auth_failures ?? D.authFailureRate),
      accountFailures:
        rateOrNull(data.limits?.account_failures ?? D.accountFailureRate) ??
        (parseRate(D.accountFailureRate) as RateSpec),
    },
    audit: {
      retentionDays: data.audit?.retention_days ?? D.auditRetentionDays,
      recordArguments: data.audit?.record_arguments ?? [],
      durability: data.audit?.durability ?? D.auditDurability,
    },
    oauth: normalizeOAuth(data.oauth ?? undefined),
    store: {
      ...optional('url', data.store?.url),
      ...optional('poolSize', data.store?.pool_size),
    },
    redis: {
      ...optional('url', data.redis?.url),
      ...optional('keyPrefix', data.redis?.key_prefix),
    },
  };
}

function openApi(entry: YamlOpenApi, source: ConfigSource, path: PathSegment[]): OpenApiSourceConfig {
  const overrides = Object.entries(entry.operations ?? {}).map(([name, o]): [string, OperationOverride] => [
    name,
    {
      ...optional('group', o?.group),
      ...optional('longRunning', o?.long_running && normalizeLongRunning(o.long_running)),
      annotations: normalizeAnnotations(o?.annotations),
      source: source.location([...path, 'operations', name]),
    },
  ]);
  return {
    name: entry.name,
    ...optional('description', entry.description),
    source: entry.source,
    ...optional('baseUrl', entry.base_url),
    ...upstream(entry),
    ...optional('include', entry.include && filter(entry.include)),
    ...optional('exclude', entry.exclude && filter(entry.exclude)),
    identity: normalizeIdentity(entry.name, entry.identity),
    overrides: Object.fromEntries(overrides),
    location: source.location(path),
  };
}

function upstream(settings: YamlSystem | YamlOpenApi): Omit<UpstreamSettings, 'baseUrl'> {
  return {
    auth: auth(settings.auth),
    headers: { ...(settings.headers ?? {}) },
    connectTimeoutMs: settings.connect_timeout_ms ?? D.connectTimeoutMs,
    timeoutMs: settings.timeout_ms ?? D.timeoutMs,
    maxResponseBytes: settings.max_response_bytes ?? D.maxResponseBytes,
    retry: settings.retry ?? D.retry,
    ...optional(
      'tenantCredential',
      settings.tenant_credential && tenantCredential(settings.tenant_credential),
    ),
    identityHeaders: Object.fromEntries(
      Object.entries(settings.identity_headers ?? {}).map(([h, f]) => [h.toLowerCase(), f]),
    ),
  };
}

function tenantCredential(c: NonNullable<YamlSystem['tenant_credential']>): TenantCredentialConfig {
  const header = (c.header ?? 'Authorization').toLowerCase();
  return {
    header,
    prefix: c.prefix ?? (header === 'authorization' ? 'Bearer ' : ''),
    required: c.required ?? true,
  };
}

function rateOrNull(text: string): RateSpec | null {
  return text === 'none' ? null : (parseRate(text) ?? null);
}

function auth(config: YamlAuth | undefined): UpstreamAuth {
  switch (config?.type) {
    case undefined:
    case 'none':
      return { type: 'none' };
    case 'api_key':
      return { type: 'api_key', header: config.header ?? D.apiKeyHeader, value: config.value };
    case 'bearer':
      return { type: 'bearer', token: config.token };
    case 'basic':
      return { type: 'basic', username: config.username, password: config.password };
    case 'oauth2_client_credentials':
      return {
        type: 'oauth2_client_credentials',
        tokenUrl: config.token_url,
        clientId: config.client_id,
        clientSecret: config.client_secret,
        scopes: config.scopes ?? [],
        ...optional('audience', config.audience),
      };
  }
}

function filter(f: YamlFilter): OpenApiFilter {
  return { tags: f.tags ?? [], operations: f.operations ?? [], paths: f.paths ?? [] };
}
