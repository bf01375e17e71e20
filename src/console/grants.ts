import { PorticoError } from '../errors/index.js';
import type { OAuthGrant } from '../store/index.js';
import { grantFilter, mayManageGrant } from './scope.js';
import type { ConsoleSession } from './sessions.js';
import type { ConsoleOptions } from './types.js';

/**
 * The OAuth grants a console user may see and revoke (the store's grant queries; a revoked grant's
 * access and refresh tokens stop working on their next use).
 */
export class ConsoleGrants {
  constructor(private readonly store: ConsoleOptions['store']) {}

  /** Live grants first, newest first. */
  async list(s: ConsoleSession): Promise<OAuthGrant[]> {
    const all = await this.store.listOAuthGrants(grantFilter(s));
    return [...all.filter((g) => g.revokedAt === null), ...all.filter((g) => g.revokedAt !== null)];
  }

  /** One grant this user may manage; otherwise not_found (existence is not revealed). */
  async get(s: ConsoleSession, id: string): Promise<OAuthGrant> {
    const grant = await this.store.getOAuthGrant(id);
    if (grant === undefined || !mayManageGrant(s, grant)) {
      throw new PorticoError('not_found', `No sign-in "${id}" among yours. Pick one from the Sign-ins page.`);
    }
    return grant;
  }

  async revoke(s: ConsoleSession, id: string): Promise<OAuthGrant> {
    const grant = await this.get(s, id);
    return (await this.store.revokeOAuthGrant(grant.id, new Date())) ?? grant;
  }
}
