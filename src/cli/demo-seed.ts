import { createHmac } from 'node:crypto';
import { SCOPES } from '../auth/types.js';
import type { OAuthUsers } from '../oauth/index.js';
import type { SecurityServices } from '../runtime/index.js';
import type { UserRole } from '../store/index.js';

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

/** A demo user as `portico demo` prints it and writes it to `demo.json`. */
export interface DemoUser {
  tenant: string;
  email: string;
  password: string;
  /** Console role: a member per tenant, and one operator. */
  role: UserRole;
}

/** The demo operator (console role `operator`; home tenant: the first demo tenant). */
export const DEMO_OPERATOR_EMAIL = 'operator@portico.example';

/** Sign-in names of the demo users by tenant (others get `demo@<tenant>.example`). */
const DEMO_PEOPLE: Record<string, string> = { acme: 'ada', globex: 'grace' };

/**
 * One user of the built-in authorization server per demo tenant (console role `member`) and one
 * console operator (created once; kept across restarts). The password is derived from the instance
 * secret key, so it is the same after a restart, differs between installations, and is never
 * stored in clear.
 */
export async function seedDemoUsers(
  users: Pick<OAuthUsers, 'list' | 'create'>,
  tenants: string[],
  secretKey: Buffer,
): Promise<DemoUser[]> {
  const existing = new Set((await users.list()).map((u) => u.email));
  const wanted: Array<Omit<DemoUser, 'password'>> = tenants.map((tenant) => ({
    tenant,
    email: `${DEMO_PEOPLE[tenant] ?? 'demo'}@${tenant}.example`,
    role: 'member',
  }));
  if (tenants[0] !== undefined)
    wanted.push({ tenant: tenants[0], email: DEMO_OPERATOR_EMAIL, role: 'operator' });
  const out: DemoUser[] = [];
  for (const w of wanted) {
    const password = createHmac('sha256', secretKey)
      .update(`portico demo user ${w.email}`)
      .digest('base64url')
      .slice(0, 20);
    if (!existing.has(w.email)) {
      await users.create({ tenantId: w.tenant, email: w.email, password, role: w.role });
    }
    out.push({ ...w, password });
  }
  return out;
}
