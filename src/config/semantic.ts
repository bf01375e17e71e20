import type { ConfigIssue } from './errors.js';
import { type ConfigSource, formatPath, type PathSegment } from './locate.js';
import { asMap, checkHeaderName, checkName, checkUrl, SemanticContext } from './semantic-context.js';
import { checkLongRunningOperations } from './semantic-long-running.js';
import { checkMcpServer } from './semantic-mcp-server.js';
import { checkNaming } from './semantic-naming.js';
import { checkOperation } from './semantic-operation.js';
import { checkViews } from './semantic-views.js';

/**
 * The checks the schema cannot express (URLs, names, path templates, cross references,
 * uniqueness). They run on whatever parts of the (interpolated) document have the right shape,
 * so they report alongside schema issues.
 */
export function checkSemantics(value: unknown, raw: unknown, source: ConfigSource): ConfigIssue[] {
  const ctx = new SemanticContext(source, raw);
  const root = asMap(value) ?? {};
  checkNaming(ctx, root.naming);
  const names = new UniqueNames(ctx, source);
  for (const [name, value] of Object.entries(asMap(root.systems) ?? {})) {
    const path = ['systems', name];
    checkName(ctx, path, name, 'system', 'key');
    names.add(name, path, 'key', 'system');
    const system = asMap(value);
    if (!system) continue;
    checkUpstream(ctx, path, system);
    checkIdentity(ctx, [...path, 'identity'], system.identity);
    const operations = asMap(system.operations) ?? {};
    for (const [opName, op] of Object.entries(operations)) {
      const opPath = [...path, 'operations', opName];
      checkName(ctx, opPath, opName, 'operation', 'key');
      const operation = asMap(op);
      if (!operation) continue;
      checkOperation(ctx, opPath, operation);
      checkGroup(ctx, opPath, operation.group);
    }
    checkLongRunningOperations(ctx, path, operations);
  }
  const imports = Array.isArray(root.openapi) ? root.openapi : [];
  imports.forEach((item, i) => {
    const entry = asMap(item);
    if (!entry) return;
    const path: PathSegment[] = ['openapi', i];
    checkUpstream(ctx, path, entry);
    checkIdentity(ctx, [...path, 'identity'], entry.identity);
    for (const [opName, override] of Object.entries(asMap(entry.operations) ?? {})) {
      const opPath = [...path, 'operations', opName];
      checkName(ctx, opPath, opName, 'operation', 'key');
      checkGroup(ctx, opPath, asMap(override)?.group);
    }
    if (typeof entry.source === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(entry.source)) {
      checkUrl(ctx, [...path, 'source'], entry.source, 'https://api.example.com/openapi.json');
    }
    if (typeof entry.name !== 'string') return;
    checkName(ctx, [...path, 'name'], entry.name, 'system', 'value');
    names.add(entry.name, [...path, 'name'], 'value', 'system');
  });
  for (const [name, value] of Object.entries(asMap(root.mcp_servers) ?? {})) {
    const server = asMap(value);
    if (server) {
      checkMcpServer(ctx, name, server);
      checkIdentity(ctx, ['mcp_servers', name, 'identity'], server.identity);
    }
    names.add(name, ['mcp_servers', name], 'key', 'MCP server');
  }
  checkViews(ctx, root, names.all());
  return ctx.issues;
}

/** System, openapi and MCP server names: unique across the three (they own tools). */
class UniqueNames {
  private readonly first = new Map<string, PathSegment[]>();

  constructor(
    private readonly ctx: SemanticContext,
    private readonly source: ConfigSource,
  ) {}

  add(name: string, path: PathSegment[], target: 'key' | 'value', what: string): void {
    const first = this.first.get(name);
    if (first === undefined) {
      this.first.set(name, path);
      return;
    }
    const at = this.source.keyPosition(first);
    const shown = this.ctx.shown(path, name, target);
    this.ctx.report(path, target, `duplicate ${what} name ${shown}`, {
      hint:
        `already used by ${formatPath(first)} at line ${at.line}; names must be unique across systems, ` +
        'openapi and mcp_servers',
    });
  }

  all(): string[] {
    return [...this.first.keys()];
  }
}

function checkIdentity(ctx: SemanticContext, path: PathSegment[], value: unknown): void {
  const identity = asMap(value);
  if (!identity) return;
  for (const key of ['provider', 'instance', 'env'] as const) {
    const part = identity[key];
    if (typeof part === 'string') checkName(ctx, [...path, key], part, `identity ${key}`, 'value');
  }
}

function checkGroup(ctx: SemanticContext, path: PathSegment[], group: unknown): void {
  if (typeof group === 'string') checkName(ctx, [...path, 'group'], group, 'group', 'value');
}

function checkUpstream(ctx: SemanticContext, path: PathSegment[], upstream: Record<string, unknown>): void {
  checkUrl(ctx, [...path, 'base_url'], upstream.base_url, 'https://api.example.com/v1');
  for (const name of Object.keys(asMap(upstream.headers) ?? {})) {
    checkHeaderName(ctx, [...path, 'headers', name], name, 'key');
  }
  for (const name of Object.keys(asMap(upstream.identity_headers) ?? {})) {
    checkHeaderName(ctx, [...path, 'identity_headers', name], name, 'key');
  }
  const credential = asMap(upstream.tenant_credential);
  if (credential !== undefined) {
    checkHeaderName(ctx, [...path, 'tenant_credential', 'header'], credential.header, 'value');
  }
  const auth = asMap(upstream.auth);
  if (auth?.type === 'api_key') checkHeaderName(ctx, [...path, 'auth', 'header'], auth.header, 'value');
  if (auth?.type === 'oauth2_client_credentials') {
    checkUrl(ctx, [...path, 'auth', 'token_url'], auth.token_url, 'https://auth.example.com/oauth/token');
  }
}
