import { PorticoError } from '../errors/index.js';
import type { OAuthGrant, Store } from '../store/index.js';

/** A grant as listed: the grant plus its user's email (undefined when the user is gone). */
export interface GrantInfo extends OAuthGrant {
  userEmail: string | undefined;
}

/** Which grants to list. */
export interface GrantFilter {
  tenantId?: string;
  /** A user id (`usr_…`) or email. */
  user?: string;
  /** Also revoked grants (default: only active ones). */
  includeRevoked?: boolean;
}

/** A grant as JSON (CLI `--json`, admin API, web console). */
export interface GrantJson {
  id: string;
  tenant: string;
  user: string;
  email: string | null;
  client_id: string;
  client_name: string;
  scopes: string[];
  resource: string;
  created_at: string;
  revoked_at: string | null;
  status: 'active' | 'revoked';
}

/** Grant → JSON (only the listed fields). */
export function grantJson(g: GrantInfo): GrantJson {
  return {
    id: g.id,
    tenant: g.tenantId,
    user: g.userId,
    email: g.userEmail ?? null,
    client_id: g.clientId,
    client_name: g.clientName,
    scopes: [...g.scopes],
    resource: g.resource,
    created_at: g.createdAt.toISOString(),
    revoked_at: g.revokedAt === null ? null : g.revokedAt.toISOString(),
    status: g.revokedAt === null ? 'active' : 'revoked',
  };
}

/**
 * The OAuth grants (one per user's consent to one client) seen from the operator's and the user's
 * side: list them by tenant or user and revoke one — its refresh token stops working and its
 * access tokens are refused on their next request. Used by `portico grants`, the admin API and the
 * web console.
 */
export class OAuthGrants {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Grants, newest first; only active ones unless `includeRevoked`. Unknown user → `not_found`. */
  async list(filter: GrantFilter = {}): Promise<GrantInfo[]> {
    const userId = filter.user !== undefined ? (await this.user(filter.user)).id : undefined;
    const grants = await this.store.listOAuthGrants({
      ...(filter.tenantId !== undefined ? { tenantId: filter.tenantId } : {}),
      ...(userId !== undefined ? { userId } : {}),
    });
    const kept = filter.includeRevoked ? grants : grants.filter((g) => g.revokedAt === null);
    return this.withEmails(kept);
  }

  /** One grant; `not_found` when unknown or (with `tenantId`) of another tenant or (with `userId`) user. */
  async get(id: string, scope: { tenantId?: string; userId?: string } = {}): Promise<GrantInfo> {
    const grant = await this.store.getOAuthGrant(id);
    if (
      grant === undefined ||
      (scope.tenantId !== undefined && grant.tenantId !== scope.tenantId) ||
      (scope.userId !== undefined && grant.userId !== scope.userId)
    ) {
      throw new PorticoError(
        'not_found',
        `Grant "${id}" not found. List grants with: portico grants list (or GET /admin/api/grants).`,
        { grantId: id },
      );
    }
    return (await this.withEmails([grant]))[0]!;
  }

  /**
   * Revoke a grant (idempotent: an already revoked grant keeps its first revocation time). The same
   * `scope` as {@link get} keeps a user or tenant to its own grants.
   */
  async revoke(id: string, scope: { tenantId?: string; userId?: string } = {}): Promise<GrantInfo> {
    await this.get(id, scope);
    const revoked = await this.store.revokeOAuthGrant(id, this.now());
    if (revoked === undefined) return this.get(id, scope);
    return (await this.withEmails([revoked]))[0]!;
  }

  private async user(idOrEmail: string) {
    const user = idOrEmail.includes('@')
      ? await this.store.findOAuthUserByEmail(idOrEmail.trim().toLowerCase())
      : await this.store.getOAuthUser(idOrEmail);
    if (user === undefined) {
      throw new PorticoError(
        'not_found',
        `Unknown user "${idOrEmail}": list users with portico users list.`,
        { user: idOrEmail },
      );
    }
    return user;
  }

  private async withEmails(grants: OAuthGrant[]): Promise<GrantInfo[]> {
    const emails = new Map<string, string | undefined>();
    for (const g of grants) {
      if (!emails.has(g.userId)) emails.set(g.userId, (await this.store.getOAuthUser(g.userId))?.email);
    }
    return grants.map((g) => ({ ...g, userEmail: emails.get(g.userId) }));
  }
}
