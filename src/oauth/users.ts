import { randomBytes } from 'node:crypto';
import { PorticoError } from '../errors/index.js';
import { type OAuthUser, type Store, USER_ROLES, type UserRole } from '../store/index.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';

/** A user as listed (never the password hash). */
export type OAuthUserInfo = Omit<OAuthUser, 'passwordHash'>;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const MIN_PASSWORD = 12;

/** The people who sign in at the built-in authorization server (`portico users …`). */
export class OAuthUsers {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Create a user of a tenant; the email is lower-cased and unique; the password needs ≥ 12 characters. */
  async create(input: {
    tenantId: string;
    email: string;
    password: string;
    role?: string;
  }): Promise<OAuthUserInfo> {
    const role = parseRole(input.role ?? 'member');
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) {
      throw new PorticoError('invalid_input', `Invalid email "${input.email}": use name@domain.`, {
        field: 'email',
      });
    }
    checkPassword(input.password);
    if ((await this.store.getTenant(input.tenantId)) === undefined) {
      throw new PorticoError(
        'not_found',
        `Tenant "${input.tenantId}" not found. Create it with: portico tenants create ${input.tenantId}`,
        { tenantId: input.tenantId },
      );
    }
    const user = await this.store.insertOAuthUser({
      id: `usr_${randomBytes(8).toString('hex')}`,
      tenantId: input.tenantId,
      email,
      passwordHash: await hashPassword(input.password),
      createdAt: this.now(),
      disabled: false,
      role,
    });
    return info(user);
  }

  /** Change a user's console role (by id or email). */
  async setRole(idOrEmail: string, role: string): Promise<OAuthUserInfo> {
    const parsed = parseRole(role);
    const user = await this.find(idOrEmail);
    return info((await this.store.setOAuthUserRole(user.id, parsed)) ?? user);
  }

  /** Set a new password (≥ 12 characters) for a user by id or email. */
  async resetPassword(idOrEmail: string, password: string): Promise<OAuthUserInfo> {
    checkPassword(password);
    const user = await this.find(idOrEmail);
    const updated = await this.store.setOAuthUserPassword(user.id, await hashPassword(password));
    return info(updated ?? user);
  }

  private async find(idOrEmail: string): Promise<OAuthUser> {
    const user = idOrEmail.includes('@')
      ? await this.store.findOAuthUserByEmail(idOrEmail)
      : await this.store.getOAuthUser(idOrEmail);
    if (user === undefined) {
      throw new PorticoError('not_found', `Unknown user "${idOrEmail}": list users with portico users list.`);
    }
    return user;
  }

  /** Users ordered by email, optionally of one tenant. */
  async list(filter?: { tenantId?: string }): Promise<OAuthUserInfo[]> {
    return (await this.store.listOAuthUsers(filter)).map(info);
  }

  /** Disable (revoking all the user's grants) or re-enable a user by id or email. */
  async setDisabled(idOrEmail: string, disabled: boolean): Promise<OAuthUserInfo> {
    const user = idOrEmail.includes('@')
      ? await this.store.findOAuthUserByEmail(idOrEmail)
      : await this.store.getOAuthUser(idOrEmail);
    if (user === undefined) {
      throw new PorticoError('not_found', `Unknown user "${idOrEmail}": list users with portico users list.`);
    }
    const updated = await this.store.setOAuthUserDisabled(user.id, disabled);
    if (disabled) {
      // Every client the user approved loses access on its next request.
      const now = this.now();
      for (const g of await this.store.listOAuthGrants({ userId: user.id })) {
        if (g.revokedAt === null) await this.store.revokeOAuthGrant(g.id, now);
      }
    }
    return info(updated ?? user);
  }

  /** A user by id (with the hash: internal use only). */
  byId(id: string): Promise<OAuthUser | undefined> {
    return this.store.getOAuthUser(id);
  }

  /** The enabled user with this email and password; undefined otherwise (same time either way). */
  async authenticate(email: string, password: string): Promise<OAuthUser | undefined> {
    const user = await this.store.findOAuthUserByEmail(email.trim().toLowerCase());
    if (user === undefined) {
      await burnPasswordCheck(password);
      return undefined;
    }
    const ok = await verifyPassword(password, user.passwordHash);
    return ok && !user.disabled ? user : undefined;
  }
}

/** A role name → {@link UserRole}; anything else is `invalid_input` naming the roles. */
export function parseRole(role: string): UserRole {
  const r = String(role).trim().toLowerCase();
  if (!(USER_ROLES as readonly string[]).includes(r)) {
    throw new PorticoError('invalid_input', `Unknown role "${role}": use ${USER_ROLES.join(', ')}.`, {
      field: 'role',
      accepted: [...USER_ROLES],
    });
  }
  return r as UserRole;
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD) {
    throw new PorticoError(
      'invalid_input',
      `The password is too short: use at least ${MIN_PASSWORD} characters (a passphrase is best).`,
      { field: 'password' },
    );
  }
}

function info(u: OAuthUser): OAuthUserInfo {
  const { passwordHash: _p, ...rest } = u;
  return rest;
}
