import type { Kysely, Selectable } from 'kysely';
import { PorticoError } from '../errors/index.js';
import type { Database, TokensTable } from './schema.js';
import { fromIsoOrNull, parseJson, toIso, toIsoOrNull, violatedConstraint } from './sql-util.js';
import type { NewTokenRecord, TokenRecord } from './types.js';

function toToken(r: Selectable<TokensTable>): TokenRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    label: r.label,
    prefix: r.prefix,
    hash: r.hash,
    scopes: parseJson<string[]>(r.scopes),
    views: r.views === null ? null : parseJson<string[]>(r.views),
    rateLimit: r.rate_limit,
    ...(r.user_id !== null && r.user_id !== undefined ? { userId: r.user_id } : {}),
    createdAt: new Date(r.created_at),
    expiresAt: fromIsoOrNull(r.expires_at),
    revokedAt: fromIsoOrNull(r.revoked_at),
    lastUsedAt: fromIsoOrNull(r.last_used_at),
  };
}

function tenantMissing(tenantId: string, cause?: unknown): PorticoError {
  return new PorticoError(
    'not_found',
    `Tenant "${tenantId}" does not exist, so no token can be issued for it. Create the tenant first.`,
    { tenantId },
    cause === undefined ? undefined : { cause },
  );
}

export async function insertToken(db: Kysely<Database>, t: NewTokenRecord): Promise<TokenRecord> {
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', t.tenantId).executeTakeFirst();
  if (tenant === undefined) throw tenantMissing(t.tenantId);
  const row: TokensTable = {
    id: t.id,
    tenant_id: t.tenantId,
    label: t.label,
    prefix: t.prefix,
    hash: t.hash,
    scopes: JSON.stringify(t.scopes),
    views: t.views === null ? null : JSON.stringify(t.views),
    rate_limit: t.rateLimit,
    user_id: t.userId ?? null,
    created_at: toIso(t.createdAt, 'Token createdAt'),
    expires_at: toIsoOrNull(t.expiresAt, 'Token expiresAt'),
    revoked_at: null,
    last_used_at: null,
  };
  try {
    await db.insertInto('tokens').values(row).execute();
  } catch (err) {
    const violated = violatedConstraint(err);
    if (violated === 'foreign_key') throw tenantMissing(t.tenantId, err);
    if (violated === 'unique') {
      // Never echo the hash: name the id only.
      throw new PorticoError(
        'conflict',
        `Token "${t.id}" (or a token with the same secret) already exists. Generate a new token id and secret.`,
        { tokenId: t.id },
        { cause: err },
      );
    }
    throw err;
  }
  return toToken(row);
}

/** One lookup on the unique `tokens_hash_uq` index (the hot path of every authenticated request). */
export async function findTokenByHash(db: Kysely<Database>, hash: string): Promise<TokenRecord | undefined> {
  const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

export async function getToken(db: Kysely<Database>, id: string): Promise<TokenRecord | undefined> {
  const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

export async function listTokens(
  db: Kysely<Database>,
  filter: { tenantId?: string; userId?: string } = {},
): Promise<TokenRecord[]> {
  let q = db.selectFrom('tokens').selectAll();
  if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toToken);
}

export async function revokeToken(
  db: Kysely<Database>,
  id: string,
  at: Date,
): Promise<TokenRecord | undefined> {
  const revokedAt = toIso(at, 'Revocation time');
  await db
    .updateTable('tokens')
    .set({ revoked_at: revokedAt })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return getToken(db, id);
}

export async function touchTokens(
  db: Kysely<Database>,
  uses: Array<{ id: string; at: Date }>,
): Promise<void> {
  // Coalesce: the latest use per token.
  const latest = new Map<string, string>();
  for (const use of uses) {
    const at = toIso(use.at, `Last use of token "${use.id}"`);
    const prev = latest.get(use.id);
    if (prev === undefined || at > prev) latest.set(use.id, at);
  }
  if (latest.size === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const [id, at] of latest) {
      // Never moves last_used_at backwards (ISO text compares chronologically).
      await trx
        .updateTable('tokens')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
        .execute();
    }
  });
}
