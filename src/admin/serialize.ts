import type { StoredAuditRow, Tenant, TenantSecretInfo, TokenRecord } from '../store/types.js';

/** A token as the admin API and the CLI show it: never the hash, never the secret. */
export interface TokenJson {
  id: string;
  tenant: string;
  label: string;
  prefix: string;
  scopes: string[];
  views: string[] | null;
  rate_limit: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  status: TokenStatus;
}

/** Whether a token can still authenticate. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

/** A tenant as JSON. */
export interface TenantJson {
  id: string;
  name: string;
  created_at: string;
}

/** A tenant's upstream credential as JSON (never its value). */
export interface TenantSecretJson {
  system: string;
  updated_at: string;
}

/** An audit row as JSON. */
export interface AuditRowJson {
  id: number;
  at: string;
  tenant: string | null;
  token: string | null;
  view: string;
  method: string;
  tool: string | null;
  outcome: string;
  upstream_status: number | null;
  duration_ms: number;
  request_id: string;
  arg_keys: string[];
  args: Record<string, unknown> | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** `revoked` wins over `expired`; a token expires at `expiresAt` (inclusive). */
export function tokenStatus(t: Pick<TokenRecord, 'expiresAt' | 'revokedAt'>, now = new Date()): TokenStatus {
  if (t.revokedAt !== null) return 'revoked';
  if (t.expiresAt !== null && t.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** Token info → JSON. Takes only the listed fields, so a hash can never leak through. */
export function tokenJson(t: Omit<TokenRecord, 'hash'>, now = new Date()): TokenJson {
  return {
    id: t.id,
    tenant: t.tenantId,
    label: t.label,
    prefix: t.prefix,
    scopes: [...t.scopes],
    views: t.views === null ? null : [...t.views],
    rate_limit: t.rateLimit,
    created_at: t.createdAt.toISOString(),
    expires_at: iso(t.expiresAt),
    revoked_at: iso(t.revokedAt),
    last_used_at: iso(t.lastUsedAt),
    status: tokenStatus(t, now),
  };
}

/** Tenant → JSON. */
export function tenantJson(t: Tenant): TenantJson {
  return { id: t.id, name: t.name, created_at: t.createdAt.toISOString() };
}

/** Tenant secret listing entry → JSON. */
export function tenantSecretJson(s: TenantSecretInfo): TenantSecretJson {
  return { system: s.system, updated_at: s.updatedAt.toISOString() };
}

/** Audit row → JSON. */
export function auditRowJson(r: StoredAuditRow): AuditRowJson {
  return {
    id: r.id,
    at: r.at.toISOString(),
    tenant: r.tenantId,
    token: r.tokenId,
    view: r.view,
    method: r.method,
    tool: r.tool,
    outcome: r.outcome,
    upstream_status: r.upstreamStatus,
    duration_ms: r.durationMs,
    request_id: r.requestId,
    arg_keys: [...r.argKeys],
    args: r.args,
  };
}
