import { PorticoError } from '../errors/index.js';
import type {
  McpServerConfig,
  OpenApiSourceConfig,
  PorticoConfig,
  SourceLocation,
  SystemConfig,
  SystemIdentity,
  SystemSpec,
  UpstreamSettings,
} from '../spec/index.js';
import { checkLongRunning } from './long-running.js';
import { assignToolNames } from './name-assign.js';
import type { NameSubject } from './naming.js';
import type { OpenApiDocument } from './openapi/document.js';
import { openApiToOperations } from './openapi/operations.js';
import { toMcpCatalogTool } from './remote-tool.js';
import { formatSource } from './source.js';
import { systemOperations } from './system.js';
import { toCatalogTool } from './tool.js';
import type { CatalogTool, OperationSpec, RemoteToolInfo } from './types.js';

/** The catalogue: every tool (sorted by name), an index by name and non-fatal findings. */
export interface Catalog {
  tools: CatalogTool[];
  byName: Map<string, CatalogTool>;
  warnings: string[];
}

/** What becomes one tool, before it is named. */
type Pending =
  | { kind: 'http'; op: OperationSpec; system: SystemSpec }
  | { kind: 'mcp'; info: RemoteToolInfo; server: McpServerConfig };

function systemSpec(
  name: string,
  description: string | undefined,
  upstream: UpstreamSettings,
  identity: SystemIdentity,
  source: SourceLocation,
): SystemSpec {
  const spec: SystemSpec = {
    name,
    baseUrl: upstream.baseUrl,
    auth: upstream.auth,
    headers: { ...upstream.headers },
    connectTimeoutMs: upstream.connectTimeoutMs,
    timeoutMs: upstream.timeoutMs,
    maxResponseBytes: upstream.maxResponseBytes,
    retry: upstream.retry,
    identity: { ...identity },
    identityHeaders: { ...upstream.identityHeaders },
    source,
  };
  if (description !== undefined) spec.description = description;
  if (upstream.tenantCredential !== undefined) spec.tenantCredential = { ...upstream.tenantCredential };
  return spec;
}

function fromYaml(sys: SystemConfig): Pending[] {
  const system = systemSpec(sys.name, sys.description, sys, sys.identity, sys.source);
  const ops = systemOperations(sys);
  checkLongRunning(sys.name, ops, (op) => op.source);
  return ops.map((op) => ({ kind: 'http', op, system }));
}

function fromOpenApi(
  cfg: OpenApiSourceConfig,
  doc: OpenApiDocument | undefined,
  warnings: string[],
): Pending[] {
  if (doc === undefined) {
    throw new PorticoError(
      'internal',
      `The OpenAPI document of "${cfg.name}" (${cfg.source}) was not loaded.`,
    );
  }
  const imported = openApiToOperations(doc, cfg);
  warnings.push(...imported.warnings);
  const baseUrl = cfg.baseUrl ?? imported.defaultBaseUrl;
  if (baseUrl === undefined) {
    throw new PorticoError(
      'config_invalid',
      `openapi entry "${cfg.name}" (${formatSource(cfg.location)}) has no base URL: ${cfg.source} declares no ` +
        'usable absolute servers[0].url; set base_url on the entry.',
      { openapi: cfg.name, source: cfg.source, file: cfg.location.file, line: cfg.location.line },
    );
  }
  if (imported.operations.length === 0) {
    warnings.push(`openapi "${cfg.name}" (${cfg.source}): no operations imported; check include/exclude.`);
  }
  checkLongRunning(cfg.name, imported.operations, (op) =>
    Object.hasOwn(cfg.overrides, op.name) ? cfg.overrides[op.name]?.source : op.source,
  );
  const system = systemSpec(cfg.name, cfg.description, { ...cfg, baseUrl }, cfg.identity, cfg.location);
  return imported.operations.map((op) => ({ kind: 'http', op, system }));
}

function fromMcpServers(
  config: PorticoConfig,
  federated: ReadonlyMap<string, readonly RemoteToolInfo[]>,
  warnings: string[],
): Pending[] {
  const out: Pending[] = [];
  for (const [name, infos] of federated) {
    const server = config.mcpServers.find((s) => s.name === name);
    if (server === undefined) {
      warnings.push(
        `MCP server "${name}" is not declared under mcp_servers; its ${infos.length} tools are left out.`,
      );
      continue;
    }
    const seen = new Set<string>();
    for (const info of infos) {
      if (seen.has(info.name)) {
        warnings.push(`MCP server "${name}" lists tool "${info.name}" twice; the first one is used.`);
        continue;
      }
      seen.add(info.name);
      out.push({ kind: 'mcp', info, server });
    }
  }
  return out;
}

function checkUniqueOwners(config: PorticoConfig): void {
  const seen = new Map<string, SourceLocation>();
  const entries = [
    ...config.systems.map((s) => [s.name, s.source] as const),
    ...config.openapi.map((o) => [o.name, o.location] as const),
    ...config.mcpServers.map((m) => [m.name, m.source] as const),
  ];
  for (const [name, where] of entries) {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new PorticoError(
        'config_invalid',
        `System name "${name}" is declared twice (${formatSource(first)} and ${formatSource(where)}); ` +
          'systems, openapi and mcp_servers names must be unique.',
        { system: name },
      );
    }
    seen.set(name, where);
  }
}

function subject(p: Pending): NameSubject {
  if (p.kind === 'http') {
    const { op, system } = p;
    return {
      owner: system.name,
      baseName: op.name,
      identity: system.identity,
      label: `system "${system.name}" operation "${op.name}"`,
      ...(op.source === undefined ? {} : { source: op.source }),
    };
  }
  const { info, server } = p;
  return {
    owner: server.name,
    baseName: info.name,
    identity: server.identity,
    label: `MCP server "${server.name}" tool "${info.name}"`,
    source: server.source,
  };
}

/**
 * Build the catalogue from a validated config, its loaded OpenAPI documents (keyed by the openapi
 * entry's name) and the tools each federated MCP server lists (keyed by `mcp_servers` name). Pure:
 * no I/O. Every tool is named by the naming strategy, capped and checked for collisions (see
 * {@link assignToolNames}); descriptions are cut to `publish.descriptionMaxLength`. Tools are sorted
 * by name (code-unit order). Throws `config_invalid` for a duplicate tool or system name, an
 * OpenAPI import without a base URL, an override naming no operation, or a bad `long_running`.
 */
export function buildCatalog(
  config: PorticoConfig,
  openapiDocs: ReadonlyMap<string, OpenApiDocument>,
  federated: ReadonlyMap<string, readonly RemoteToolInfo[]> = new Map(),
): Catalog {
  checkUniqueOwners(config);
  const warnings: string[] = [];
  const pending = [
    ...config.systems.flatMap(fromYaml),
    ...config.openapi.flatMap((cfg) => fromOpenApi(cfg, openapiDocs.get(cfg.name), warnings)),
    ...fromMcpServers(config, federated, warnings),
  ];
  const named = assignToolNames(pending.map(subject), config.naming);
  warnings.push(...named.warnings);
  const max = config.publish.descriptionMaxLength;
  const tools = pending.map((p, i): CatalogTool => {
    const name = named.names[i]!;
    return p.kind === 'http'
      ? toCatalogTool(p.op, p.system, name, max)
      : toMcpCatalogTool(p.server, p.info, name, max);
  });
  tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { tools, byName: new Map(tools.map((t) => [t.name, t])), warnings };
}
