import type { TokenInfo } from '../auth/index.js';
import type { ConsoleSession } from './sessions.js';

/**
 * Which tokens a user lists: a member their own, an admin their tenant's, an operator every
 * tenant's (the store filter).
 */
export function tokenFilter(s: ConsoleSession): { tenantId?: string; userId?: string } {
  if (s.role === 'operator') return {};
  if (s.role === 'admin') return { tenantId: s.tenantId };
  return { tenantId: s.tenantId, userId: s.userId };
}

/** May this user see and revoke this token? (Same rule as {@link tokenFilter}.) */
export function mayManageToken(s: ConsoleSession, t: Pick<TokenInfo, 'tenantId' | 'userId'>): boolean {
  if (s.role === 'operator') return true;
  if (t.tenantId !== s.tenantId) return false;
  return s.role === 'admin' || t.userId === s.userId;
}

/** Which OAuth grants a user lists (same rule as tokens). */
export function grantFilter(s: ConsoleSession): { tenantId?: string; userId?: string } {
  if (s.role === 'operator') return {};
  if (s.role === 'admin') return { tenantId: s.tenantId };
  return { tenantId: s.tenantId, userId: s.userId };
}

/** Audit rows a user may read: their tenant's (operators: every tenant's, or one they pick). */
export function auditTenant(s: ConsoleSession, picked?: string): string | undefined {
  if (s.role === 'operator') return picked === '' ? undefined : picked;
  return s.tenantId;
}
