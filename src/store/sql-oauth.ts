import type { Kysely, Selectable } from 'kysely';
import { PorticoError } from '../errors/index.js';
import type {
  Database,
  OAuthClientsTable,
  OAuthCodesTable,
  OAuthGrantsTable,
  OAuthRefreshTable,
  OAuthUsersTable,
} from './schema.js';
import { fromIsoOrNull, parseJson, toIso, violatedConstraint } from './sql-util.js';
import type {
  ConsumeResult,
  NewOAuthGrant,
  NewOAuthUser,
  OAuthClientRecord,
  OAuthCodeRecord,
  OAuthGrant,
  OAuthRefreshRecord,
  OAuthUser,
  UserRole,
} from './types.js';
import { USER_ROLES } from './types.js';

function toUser(r: Selectable<OAuthUsersTable>): OAuthUser {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    email: r.email,
    passwordHash: r.password_hash,
    createdAt: new Date(r.created_at),
    disabled: Number(r.disabled) !== 0,
    role: toRole(r.role),
  };
}

function toRole(v: string): UserRole {
  return (USER_ROLES as readonly string[]).includes(v) ? (v as UserRole) : 'member';
}

function toClient(r: Selectable<OAuthClientsTable>): OAuthClientRecord {
  return {
    id: r.id,
    name: r.name,
    redirectUris: parseJson<string[]>(r.redirect_uris),
    tokenEndpointAuthMethod: r.token_endpoint_auth_method,
    secretHash: r.secret_hash,
    createdAt: new Date(r.created_at),
  };
}

function toGrant(r: Selectable<OAuthGrantsTable>): OAuthGrant {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    clientId: r.client_id,
    clientName: r.client_name,
    scopes: parseJson<string[]>(r.scopes),
    resource: r.resource,
    createdAt: new Date(r.created_at),
    revokedAt: fromIsoOrNull(r.revoked_at),
  };
}

function toCode(r: Selectable<OAuthCodesTable>): OAuthCodeRecord {
  return {
    hash: r.hash,
    grantId: r.grant_id,
    clientId: r.client_id,
    redirectUri: r.redirect_uri,
    codeChallenge: r.code_challenge,
    resource: r.resource,
    scopes: parseJson<string[]>(r.scopes),
    expiresAt: new Date(r.expires_at),
    usedAt: fromIsoOrNull(r.used_at),
  };
}

function toRefresh(r: Selectable<OAuthRefreshTable>): OAuthRefreshRecord {
  return {
    hash: r.hash,
    grantId: r.grant_id,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    usedAt: fromIsoOrNull(r.used_at),
  };
}

export async function insertOAuthUser(db: Kysely<Database>, u: NewOAuthUser): Promise<OAuthUser> {
  const row: OAuthUsersTable = {
    id: u.id,
    tenant_id: u.tenantId,
    email: u.email.toLowerCase(),
    password_hash: u.passwordHash,
    created_at: toIso(u.createdAt, 'User createdAt'),
    disabled: u.disabled ? 1 : 0,
    role: u.role ?? 'member',
  };
  try {
    await db.insertInto('oauth_users').values(row).execute();
  } catch (err) {
    const violated = violatedConstraint(err);
    if (violated === 'foreign_key') {
      throw new PorticoError(
        'not_found',
        `Tenant "${u.tenantId}" does not exist. Create it first: portico tenants create ${u.tenantId}`,
        { tenantId: u.tenantId },
        { cause: err },
      );
    }
    if (violated === 'unique') {
      throw new PorticoError(
        'conflict',
        `A user with the email ${row.email} (or the id ${u.id}) already exists; emails are unique across tenants.`,
        { email: row.email },
        { cause: err },
      );
    }
    throw err;
  }
  return toUser(row);
}

export async function findOAuthUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<OAuthUser | undefined> {
  const row = await db
    .selectFrom('oauth_users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function getOAuthUser(db: Kysely<Database>, id: string): Promise<OAuthUser | undefined> {
  const row = await db.selectFrom('oauth_users').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function listOAuthUsers(
  db: Kysely<Database>,
  filter: { tenantId?: string } = {},
): Promise<OAuthUser[]> {
  let q = db.selectFrom('oauth_users').selectAll();
  if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
  return (await q.orderBy('email').execute()).map(toUser);
}

export async function setOAuthUserDisabled(
  db: Kysely<Database>,
  id: string,
  disabled: boolean,
): Promise<OAuthUser | undefined> {
  await db
    .updateTable('oauth_users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', id)
    .execute();
  return getOAuthUser(db, id);
}

export async function setOAuthUserRole(
  db: Kysely<Database>,
  id: string,
  role: UserRole,
): Promise<OAuthUser | undefined> {
  await db.updateTable('oauth_users').set({ role }).where('id', '=', id).execute();
  return getOAuthUser(db, id);
}

export async function setOAuthUserPassword(
  db: Kysely<Database>,
  id: string,
  passwordHash: string,
): Promise<OAuthUser | undefined> {
  await db.updateTable('oauth_users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  return getOAuthUser(db, id);
}

export async function insertOAuthClient(
  db: Kysely<Database>,
  c: OAuthClientRecord,
): Promise<OAuthClientRecord> {
  const row: OAuthClientsTable = {
    id: c.id,
    name: c.name,
    redirect_uris: JSON.stringify(c.redirectUris),
    token_endpoint_auth_method: c.tokenEndpointAuthMethod,
    secret_hash: c.secretHash,
    created_at: toIso(c.createdAt, 'Client createdAt'),
  };
  try {
    await db.insertInto('oauth_clients').values(row).execute();
  } catch (err) {
    if (violatedConstraint(err) === 'unique') {
      throw new PorticoError(
        'conflict',
        `OAuth client "${c.id}" already exists.`,
        { clientId: c.id },
        { cause: err },
      );
    }
    throw err;
  }
  return toClient(row);
}

export async function getOAuthClient(
  db: Kysely<Database>,
  id: string,
): Promise<OAuthClientRecord | undefined> {
  const row = await db.selectFrom('oauth_clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toClient(row);
}

export async function insertOAuthGrant(db: Kysely<Database>, g: NewOAuthGrant): Promise<OAuthGrant> {
  const row: OAuthGrantsTable = {
    id: g.id,
    tenant_id: g.tenantId,
    user_id: g.userId,
    client_id: g.clientId,
    client_name: g.clientName,
    scopes: JSON.stringify(g.scopes),
    resource: g.resource,
    created_at: toIso(g.createdAt, 'Grant createdAt'),
    revoked_at: null,
  };
  try {
    await db.insertInto('oauth_grants').values(row).execute();
  } catch (err) {
    const violated = violatedConstraint(err);
    if (violated === 'foreign_key') {
      throw new PorticoError(
        'not_found',
        `Cannot record the grant: tenant "${g.tenantId}" or user "${g.userId}" does not exist.`,
        { tenantId: g.tenantId, userId: g.userId },
        { cause: err },
      );
    }
    if (violated === 'unique') {
      throw new PorticoError(
        'conflict',
        `Grant "${g.id}" already exists.`,
        { grantId: g.id },
        { cause: err },
      );
    }
    throw err;
  }
  return toGrant(row);
}

export async function getOAuthGrant(db: Kysely<Database>, id: string): Promise<OAuthGrant | undefined> {
  const row = await db.selectFrom('oauth_grants').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toGrant(row);
}

export async function listOAuthGrants(
  db: Kysely<Database>,
  filter: { tenantId?: string; userId?: string } = {},
): Promise<OAuthGrant[]> {
  let q = db.selectFrom('oauth_grants').selectAll();
  if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toGrant);
}

export async function revokeOAuthGrant(
  db: Kysely<Database>,
  id: string,
  at: Date,
): Promise<OAuthGrant | undefined> {
  await db
    .updateTable('oauth_grants')
    .set({ revoked_at: toIso(at, 'Revocation time') })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return getOAuthGrant(db, id);
}

export async function insertOAuthCode(
  db: Kysely<Database>,
  c: Omit<OAuthCodeRecord, 'usedAt'>,
): Promise<void> {
  await db
    .insertInto('oauth_codes')
    .values({
      hash: c.hash,
      grant_id: c.grantId,
      client_id: c.clientId,
      redirect_uri: c.redirectUri,
      code_challenge: c.codeChallenge,
      resource: c.resource,
      scopes: JSON.stringify(c.scopes),
      expires_at: toIso(c.expiresAt, 'Code expiresAt'),
      used_at: null,
    })
    .execute();
}

export async function consumeOAuthCode(
  db: Kysely<Database>,
  hash: string,
  at: Date,
): Promise<ConsumeResult<OAuthCodeRecord> | undefined> {
  const res = await db
    .updateTable('oauth_codes')
    .set({ used_at: toIso(at, 'Code use time') })
    .where('hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  const row = await db.selectFrom('oauth_codes').selectAll().where('hash', '=', hash).executeTakeFirst();
  if (row === undefined) return undefined;
  return { record: toCode(row), firstUse: Number(res.numUpdatedRows) === 1 };
}

export async function insertOAuthRefresh(
  db: Kysely<Database>,
  r: Omit<OAuthRefreshRecord, 'usedAt'>,
): Promise<void> {
  await db
    .insertInto('oauth_refresh_tokens')
    .values({
      hash: r.hash,
      grant_id: r.grantId,
      created_at: toIso(r.createdAt, 'Refresh token createdAt'),
      expires_at: toIso(r.expiresAt, 'Refresh token expiresAt'),
      used_at: null,
    })
    .execute();
}

export async function findOAuthRefresh(
  db: Kysely<Database>,
  hash: string,
): Promise<OAuthRefreshRecord | undefined> {
  const row = await db
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row === undefined ? undefined : toRefresh(row);
}

export async function consumeOAuthRefresh(
  db: Kysely<Database>,
  hash: string,
  at: Date,
): Promise<ConsumeResult<OAuthRefreshRecord> | undefined> {
  const res = await db
    .updateTable('oauth_refresh_tokens')
    .set({ used_at: toIso(at, 'Refresh use time') })
    .where('hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  const record = await findOAuthRefresh(db, hash);
  if (record === undefined) return undefined;
  return { record, firstUse: Number(res.numUpdatedRows) === 1 };
}

export async function getClientMetadata(
  db: Kysely<Database>,
  url: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('oauth_client_metadata')
    .select('document')
    .where('url', '=', url)
    .where('expires_at', '>', toIso(now, 'Metadata lookup time'))
    .executeTakeFirst();
  return row?.document;
}

export async function putClientMetadata(
  db: Kysely<Database>,
  url: string,
  document: string,
  expiresAt: Date,
): Promise<void> {
  const expires_at = toIso(expiresAt, 'Metadata expiry');
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('oauth_client_metadata')
      .where('expires_at', '<=', new Date().toISOString())
      .execute();
    await trx
      .insertInto('oauth_client_metadata')
      .values({ url, document, expires_at })
      .onConflict((oc) => oc.column('url').doUpdateSet({ document, expires_at }))
      .execute();
  });
}
