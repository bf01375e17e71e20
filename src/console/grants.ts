import type { GrantInfo, OAuthGrants } from '../oauth/index.js';
import { grantFilter } from './scope.js';
import type { ConsoleSession } from './sessions.js';

/**
 * The OAuth grants a console user may see and revoke, through the shared {@link OAuthGrants}
 * service (the same as `portico grants` and `/admin/api/grants`), scoped by role: members their
 * own, admins their tenant's, operators all. Another user's grant is `not_found`.
 */
export class ConsoleGrants {
  constructor(private readonly grants: OAuthGrants) {}

  /** Live grants first, newest first. */
  async list(s: ConsoleSession): Promise<GrantInfo[]> {
    const f = grantFilter(s);
    const all = await this.grants.list({
      ...(f.tenantId !== undefined ? { tenantId: f.tenantId } : {}),
      ...(f.userId !== undefined ? { user: f.userId } : {}),
      includeRevoked: true,
    });
    return [...all.filter((g) => g.revokedAt === null), ...all.filter((g) => g.revokedAt !== null)];
  }

  /** One grant this user may manage. */
  get(s: ConsoleSession, id: string): Promise<GrantInfo> {
    return this.grants.get(id, grantFilter(s));
  }

  revoke(s: ConsoleSession, id: string): Promise<GrantInfo> {
    return this.grants.revoke(id, grantFilter(s));
  }
}
