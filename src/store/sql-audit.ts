import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './schema.js';
import { parseJson, toIso } from './sql-util.js';
import type { AuditFilter, AuditOutcome, AuditRow, StoredAuditRow } from './types.js';

/** Rows per INSERT statement: 12 parameters each stays far below every dialect's bind limit. */
const INSERT_CHUNK = 400;
/** Default and maximum rows of {@link queryAudit}. */
export const AUDIT_QUERY_DEFAULT_LIMIT = 100;
export const AUDIT_QUERY_MAX_LIMIT = 10_000;

/** The `audit_log` columns one row fills, in insert order. */
export const AUDIT_COLUMNS = [
  'at',
  'tenant_id',
  'token_id',
  'view',
  'method',
  'tool',
  'outcome',
  'upstream_status',
  'duration_ms',
  'request_id',
  'arg_keys',
  'args',
] as const;

/** A row as the values of {@link AUDIT_COLUMNS} (validated: throws on a bad time). */
export function toColumns(r: AuditRow): Insertable<AuditLogTable> {
  return {
    at: toIso(r.at, 'Audit row time'),
    tenant_id: r.tenantId,
    token_id: r.tokenId,
    view: r.view,
    method: r.method,
    tool: r.tool,
    outcome: r.outcome,
    upstream_status: r.upstreamStatus,
    duration_ms: r.durationMs,
    request_id: r.requestId,
    arg_keys: JSON.stringify(r.argKeys),
    args: r.args === null ? null : JSON.stringify(r.args),
  };
}

function fromColumns(r: Selectable<AuditLogTable>): StoredAuditRow {
  return {
    id: Number(r.id),
    at: new Date(r.at),
    tenantId: r.tenant_id,
    tokenId: r.token_id,
    view: r.view,
    method: r.method,
    tool: r.tool,
    outcome: r.outcome as AuditOutcome,
    upstreamStatus: r.upstream_status === null ? null : Number(r.upstream_status),
    durationMs: Number(r.duration_ms),
    requestId: r.request_id,
    argKeys: parseJson<string[]>(r.arg_keys),
    args: r.args === null ? null : parseJson<Record<string, unknown>>(r.args),
  };
}

/** Append rows in one transaction, as multi-row INSERTs in chunks, in the given order. */
export async function appendAudit(db: Kysely<Database>, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(toColumns); // validate everything before writing anything
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('audit_log')
        .values(values.slice(i, i + INSERT_CHUNK))
        .execute();
    }
  });
}

/** Clamp a requested limit to 0…{@link AUDIT_QUERY_MAX_LIMIT} (default {@link AUDIT_QUERY_DEFAULT_LIMIT}). */
export function auditLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return AUDIT_QUERY_DEFAULT_LIMIT;
  return Math.min(AUDIT_QUERY_MAX_LIMIT, Math.max(0, Math.floor(limit)));
}

export async function queryAudit(db: Kysely<Database>, filter: AuditFilter = {}): Promise<StoredAuditRow[]> {
  const limit = auditLimit(filter.limit);
  if (limit === 0) return [];
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.tokenId !== undefined) q = q.where('token_id', '=', filter.tokenId);
  if (filter.tool !== undefined) q = q.where('tool', '=', filter.tool);
  if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome);
  if (filter.since !== undefined) q = q.where('at', '>=', toIso(filter.since, 'Audit filter since'));
  if (filter.until !== undefined) q = q.where('at', '<', toIso(filter.until, 'Audit filter until'));
  let ordered = q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
  if (filter.offset !== undefined && filter.offset > 0) ordered = ordered.offset(Math.floor(filter.offset));
  const rows = await ordered.execute();
  return rows.map(fromColumns);
}

export async function pruneAudit(db: Kysely<Database>, before: Date): Promise<number> {
  const res = await db
    .deleteFrom('audit_log')
    .where('at', '<', toIso(before, 'Audit prune time'))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
