import type { OpenApiSourceConfig, PorticoConfig, SystemConfig, UpstreamSettings } from '../config/types.js';
import { PorticoError } from '../errors/index.js';
import { assignToolNames } from './naming.js';
import type { OpenApiDocument } from './openapi/document.js';
import { openApiToOperations } from './openapi/operations.js';
import { formatSource } from './source.js';
import { systemOperations } from './system.js';
import { toCatalogTool } from './tool.js';
import type { CatalogTool, OperationSpec, SourceLocation, SystemSpec } from './types.js';

/** Tool names MCP clients accept everywhere (SEP-986). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** The published tools (sorted by name), an index by name and non-fatal findings. */
export interface Catalog {
  tools: CatalogTool[];
  byName: Map<string, CatalogTool>;
  warnings: string[];
}

function systemSpec(
  name: string,
  description: string | undefined,
  upstream: UpstreamSettings,
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
    source,
  };
  if (description !== undefined) spec.description = description;
  return spec;
}

function fromYaml(sys: SystemConfig): { system: SystemSpec; ops: OperationSpec[] } {
  return { system: systemSpec(sys.name, sys.description, sys, sys.source), ops: systemOperations(sys) };
}

function fromOpenApi(
  cfg: OpenApiSourceConfig,
  doc: OpenApiDocument | undefined,
  warnings: string[],
): { system: SystemSpec; ops: OperationSpec[] } {
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
  return {
    system: systemSpec(cfg.name, cfg.description, { ...cfg, baseUrl }, cfg.location),
    ops: imported.operations,
  };
}

function checkUniqueSystems(config: PorticoConfig): void {
  const seen = new Map<string, SourceLocation>();
  const entries = [
    ...config.systems.map((s) => [s.name, s.source] as const),
    ...config.openapi.map((o) => [o.name, o.location] as const),
  ];
  for (const [name, where] of entries) {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new PorticoError(
        'config_invalid',
        `System name "${name}" is declared twice (${formatSource(first)} and ${formatSource(where)}); ` +
          'system and openapi names must be unique.',
        { system: name },
      );
    }
    seen.set(name, where);
  }
}

/**
 * Build the catalogue from a validated config and its loaded OpenAPI documents (keyed by the
 * openapi entry's name). Pure: no I/O. Tools are sorted by name (code-unit order). Throws
 * `config_invalid` for a duplicate tool or system name, or an OpenAPI import without a base URL.
 */
export function buildCatalog(
  config: PorticoConfig,
  openapiDocs: ReadonlyMap<string, OpenApiDocument>,
): Catalog {
  checkUniqueSystems(config);
  const warnings: string[] = [];
  const sources = [
    ...config.systems.map(fromYaml),
    ...config.openapi.map((cfg) => fromOpenApi(cfg, openapiDocs.get(cfg.name), warnings)),
  ];
  const ops = sources.flatMap((s) => s.ops.map((op) => ({ op, system: s.system })));
  const names = assignToolNames(
    ops.map((o) => o.op),
    config.naming,
  );
  const tools = ops.map(({ op, system }, i) => toCatalogTool(op, system, names[i]!));
  for (const t of tools) {
    if (!TOOL_NAME.test(t.name)) {
      warnings.push(
        `tool name "${t.name}" is not 1-128 characters of A-Z a-z 0-9 _ . - ; some MCP clients reject it.`,
      );
    }
  }
  tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { tools, byName: new Map(tools.map((t) => [t.name, t])), warnings };
}
