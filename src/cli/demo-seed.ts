import { SCOPES } from '../auth/types.js';
import type { SecurityServices } from '../runtime/index.js';

/** A FlowHub workspace as the demo upstream reports it. */
export interface DemoWorkspace {
  slug: string;
  name: string;
  apiKey: string;
}

/** Label of the tokens `portico demo` issues (re-issued, old ones revoked, on every start). */
export const DEMO_TOKEN_LABEL = 'demo';

/**
 * Map each FlowHub workspace to a Portico tenant of the same id, store its API key as the tenant's
 * `flowhub` credential (encrypted), revoke earlier demo tokens and issue one fresh token per
 * tenant with every scope. Returns the secrets by tenant id.
 */
export async function seedDemoTenants(
  security: Pick<SecurityServices, 'access' | 'secrets'>,
  workspaces: DemoWorkspace[],
  system = 'flowhub',
): Promise<Record<string, string>> {
  const { access, secrets } = security;
  const tokens: Record<string, string> = {};
  for (const ws of workspaces) {
    if ((await access.getTenant(ws.slug)) === undefined) {
      await access.createTenant({ id: ws.slug, name: ws.name });
    }
    await secrets.set(ws.slug, system, ws.apiKey);
    for (const old of await access.listTokens({ tenantId: ws.slug })) {
      if (old.label === DEMO_TOKEN_LABEL && old.revokedAt === null) await access.revokeToken(old.id);
    }
    const { secret } = await access.createToken({
      tenantId: ws.slug,
      label: DEMO_TOKEN_LABEL,
      scopes: [...SCOPES],
      expires: '30d',
    });
    tokens[ws.slug] = secret;
  }
  return tokens;
}
