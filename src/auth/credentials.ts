import { createHash, timingSafeEqual } from 'node:crypto';
import { type Principal, SCOPES } from './types.js';

/** The principal of the loopback-only `--no-auth` mode: all scopes, all views, kind `dev`, token id `dev`. */
export function devPrincipal(tenant: { id: string; name: string }): Principal {
  return {
    kind: 'dev',
    tenantId: tenant.id,
    tenantName: tenant.name,
    tokenId: 'dev',
    subject: 'dev',
    label: 'development (--no-auth)',
    prefix: 'dev',
    scopes: new Set(SCOPES),
    views: null,
    expiresAt: null,
    rateLimit: null,
  };
}

/**
 * Constant-time comparison of a presented admin bearer with the configured one (both are hashed
 * first, so neither the content nor the length leaks through timing). False when either is missing or empty.
 */
export function adminTokenMatches(expected: string | undefined, presented: string | undefined): boolean {
  if (expected === undefined || presented === undefined || expected === '' || presented === '') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The credential of an `Authorization: Bearer <credential>` header; undefined when absent or not Bearer. */
export function bearerFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^[ \t]*Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m?.[1];
}
