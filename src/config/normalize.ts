import { dirname, resolve } from 'node:path';
import { DEFAULT_VIEW } from '../catalog/surface-types.js';
import type { UpstreamAuth } from '../catalog/types.js';
import { CONFIG_DEFAULTS as D } from './defaults.js';
import { type ConfigSource, type PathSegment, valueAt } from './locate.js';
import { normalizeIdentity } from './normalize-identity.js';
import { normalizeAnnotations, normalizeLongRunning } from './normalize-long-running.js';
import { normalizeMcpServer } from './normalize-mcp-server.js';
import { normalizeOperation } from './normalize-operation.js';
import { normalizeView } from './normalize-view.js';
import { optional } from './optional.js';
import type { YamlAuth, YamlConfig, YamlFilter, YamlOpenApi, YamlSystem } from './schema.js';
import type {
  OpenApiFilter,
  OpenApiSourceConfig,
  OperationOverride,
  PorticoConfig,
  UpstreamSettings,
} from './types.js';

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
      maxBodyBytes: data.server?.max_body_bytes ?? D.maxBodyBytes,
      pageSize: data.server?.page_size ?? D.pageSize,
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
  };
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
