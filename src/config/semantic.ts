import type { ConfigIssue } from './errors.js';
import { type ConfigSource, formatPath, type PathSegment } from './locate.js';
import { asMap, checkHeaderName, checkName, checkUrl, SemanticContext } from './semantic-context.js';
import { checkOperation } from './semantic-operation.js';

/**
 * The checks the schema cannot express (URLs, names, path templates, cross references,
 * uniqueness). They run on whatever parts of the (interpolated) document have the right shape,
 * so they report alongside schema issues.
 */
export function checkSemantics(value: unknown, raw: unknown, source: ConfigSource): ConfigIssue[] {
  const ctx = new SemanticContext(source, raw);
  const root = asMap(value) ?? {};
  const naming = asMap(root.naming);
  if (typeof naming?.separator === 'string' && !/^[A-Za-z0-9_.-]{1,8}$/.test(naming.separator)) {
    const found = ctx.found(['naming', 'separator']);
    const expected = '1 to 8 letters, digits, "_", "." or "-"';
    ctx.report(['naming', 'separator'], 'value', `expected ${expected}, found ${found}`, { expected, found });
  }
  const names = new Map<string, PathSegment[]>();
  for (const [name, value] of Object.entries(asMap(root.systems) ?? {})) {
    const path = ['systems', name];
    checkName(ctx, path, name, 'system', 'key');
    names.set(name, path);
    const system = asMap(value);
    if (!system) continue;
    checkUpstream(ctx, path, system);
    for (const [opName, op] of Object.entries(asMap(system.operations) ?? {})) {
      const opPath = [...path, 'operations', opName];
      checkName(ctx, opPath, opName, 'operation', 'key');
      const operation = asMap(op);
      if (operation) checkOperation(ctx, opPath, operation);
    }
  }
  const imports = Array.isArray(root.openapi) ? root.openapi : [];
  imports.forEach((item, i) => {
    const entry = asMap(item);
    if (!entry) return;
    const path: PathSegment[] = ['openapi', i];
    checkUpstream(ctx, path, entry);
    if (typeof entry.source === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(entry.source)) {
      checkUrl(ctx, [...path, 'source'], entry.source, 'https://api.example.com/openapi.json');
    }
    if (typeof entry.name !== 'string') return;
    checkName(ctx, [...path, 'name'], entry.name, 'system', 'value');
    const first = names.get(entry.name);
    if (first) {
      const at = source.keyPosition(first);
      ctx.report([...path, 'name'], 'value', `duplicate system name ${ctx.found([...path, 'name'])}`, {
        hint: `already used by ${formatPath(first)} at line ${at.line}; system names must be unique across systems and openapi`,
      });
    } else names.set(entry.name, [...path, 'name']);
  });
  return ctx.issues;
}

function checkUpstream(ctx: SemanticContext, path: PathSegment[], upstream: Record<string, unknown>): void {
  checkUrl(ctx, [...path, 'base_url'], upstream.base_url, 'https://api.example.com/v1');
  for (const name of Object.keys(asMap(upstream.headers) ?? {})) {
    checkHeaderName(ctx, [...path, 'headers', name], name, 'key');
  }
  const auth = asMap(upstream.auth);
  if (auth?.type === 'api_key') checkHeaderName(ctx, [...path, 'auth', 'header'], auth.header, 'value');
  if (auth?.type === 'oauth2_client_credentials') {
    checkUrl(ctx, [...path, 'auth', 'token_url'], auth.token_url, 'https://auth.example.com/oauth/token');
  }
}
