import type { Kysely, Selectable } from 'kysely';
import { PorticoError } from '../errors/index.js';
import type { Database, TenantsTable } from './schema.js';
import { violatedConstraint } from './sql-util.js';
import type { SealedSecret, Tenant, TenantSecretInfo } from './types.js';

function toTenant(r: Selectable<TenantsTable>): Tenant {
  return { id: r.id, name: r.name, createdAt: new Date(r.created_at) };
}

export async function createTenant(db: Kysely<Database>, t: { id: string; name: string }): Promise<Tenant> {
  const createdAt = new Date();
  try {
    await db
      .insertInto('tenants')
      .values({ id: t.id, name: t.name, created_at: createdAt.toISOString() })
      .execute();
  } catch (err) {
    if (violatedConstraint(err) === 'unique') {
      throw new PorticoError(
        'conflict',
        `Tenant "${t.id}" already exists. Pick another id, or use the existing tenant.`,
        { tenantId: t.id },
        { cause: err },
      );
    }
    throw err;
  }
  return { id: t.id, name: t.name, createdAt };
}

export async function getTenant(db: Kysely<Database>, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toTenant(row);
}

export async function listTenants(db: Kysely<Database>): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('id', 'asc').execute();
  return rows.map(toTenant);
}

export async function putTenantSecret(
  db: Kysely<Database>,
  tenantId: string,
  system: string,
  sealed: SealedSecret,
): Promise<void> {
  const values = {
    ciphertext: sealed.ciphertext,
    iv: sealed.iv,
    tag: sealed.tag,
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto('tenant_secrets')
    .values({ tenant_id: tenantId, system, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'system']).doUpdateSet(values))
    .execute();
}

export async function getTenantSecret(
  db: Kysely<Database>,
  tenantId: string,
  system: string,
): Promise<SealedSecret | undefined> {
  const row = await db
    .selectFrom('tenant_secrets')
    .select(['ciphertext', 'iv', 'tag'])
    .where('tenant_id', '=', tenantId)
    .where('system', '=', system)
    .executeTakeFirst();
  return row === undefined ? undefined : { ciphertext: row.ciphertext, iv: row.iv, tag: row.tag };
}

export async function listTenantSecrets(db: Kysely<Database>, tenantId: string): Promise<TenantSecretInfo[]> {
  const rows = await db
    .selectFrom('tenant_secrets')
    .select(['tenant_id', 'system', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('system', 'asc')
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, system: r.system, updatedAt: new Date(r.updated_at) }));
}

export async function deleteTenantSecret(
  db: Kysely<Database>,
  tenantId: string,
  system: string,
): Promise<boolean> {
  const res = await db
    .deleteFrom('tenant_secrets')
    .where('tenant_id', '=', tenantId)
    .where('system', '=', system)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
