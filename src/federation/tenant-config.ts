import { createHash } from 'node:crypto';
import type { McpServerConfig } from '../spec/index.js';

/** The placeholder replaced by the caller's tenant in a server's args, env, cwd, url and headers. */
export const TENANT_PLACEHOLDER = '{tenant.id}';

/** The value the placeholder takes in the listing connection (never a valid tenant id). */
export const LISTING_TENANT = '_catalog';

const SAFE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * A tenant id safe to put in a path, argument or header: Portico's own tenant ids are kept as they
 * are; anything else (an external IdP's claim) becomes `t-` plus a hash, so no `/`, `..` or control
 * characters ever reach a child's arguments.
 */
export function tenantSlug(tenantId: string): string {
  if (SAFE.test(tenantId) || tenantId === LISTING_TENANT) return tenantId;
  return `t-${createHash('sha256').update(tenantId).digest('hex').slice(0, 16)}`;
}

const fill = (text: string, slug: string): string => text.split(TENANT_PLACEHOLDER).join(slug);

const fillValues = (map: Record<string, string>, slug: string): Record<string, string> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, fill(v, slug)]));

/** The server's config for one tenant: `{tenant.id}` replaced in args, env, cwd, url and headers. */
export function configForTenant(config: McpServerConfig, tenantId: string): McpServerConfig {
  const slug = tenantSlug(tenantId);
  const t = config.transport;
  if (t.kind === 'http') {
    return { ...config, transport: { ...t, url: fill(t.url, slug), headers: fillValues(t.headers, slug) } };
  }
  return {
    ...config,
    transport: {
      ...t,
      args: t.args.map((a) => fill(a, slug)),
      env: fillValues(t.env, slug),
      ...(t.cwd !== undefined ? { cwd: fill(t.cwd, slug) } : {}),
    },
  };
}
