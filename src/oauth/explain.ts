import { decodeProtectedHeader } from 'jose';
import type { TokenRefusalReason } from '../auth/types.js';
import type { ExternalIdpConfig } from '../spec/index.js';
import { claimAt, discoverJwksUri, ExternalVerifier, peekClaims } from './external.js';
import { RemoteKeys } from './jwks.js';
import { REFUSAL_TEXT, tokenFingerprint } from './refusal.js';
import { PublicUrls } from './urls.js';

/** How to fix each refusal, for `portico auth test`. */
const FIXES: Record<TokenRefusalReason, string> = {
  malformed: 'Paste the whole access token (three dot-separated parts), not an ID token or an opaque token.',
  unknown: 'This is not a token of this gateway.',
  revoked: 'Sign in again.',
  expired: 'Get a new token; if tokens expire too early, check the clocks of the IdP and the gateway.',
  not_yet_valid: 'The clocks of the identity provider and this machine disagree: sync them (NTP).',
  bad_signature:
    'The token was not signed by this identity provider’s key: check oauth.issuer / oauth.jwks_uri point at the IdP that issued it.',
  unknown_kid:
    'The IdP’s published JWKS does not list the key id: check oauth.jwks_uri, or that the token comes from this IdP.',
  wrong_issuer:
    'Set oauth.issuer to the token’s "iss" exactly as the IdP writes it (a trailing slash does not matter).',
  wrong_audience:
    'Request the token for the gateway’s resource URL (resource/audience parameter at the IdP), or list the audience your IdP uses in oauth.audience.',
  wrong_type: 'Use an access token, not an ID token.',
  missing_claim: 'The token lacks "sub" or "exp": configure the IdP to issue JWT access tokens.',
  missing_scope_claim:
    'Configure the IdP to put scopes in "scope" or "scp" (or roles), and name that claim in oauth.scope_claim.',
  tenant_missing:
    'Add a claim with the Portico tenant id to the token (an IdP claim mapper / custom claim) and name it in oauth.tenant_claim.',
  tenant_unknown:
    'Create the tenant (portico tenants create <id>), or map the claim value in oauth.tenant_map.',
  keys_unavailable:
    'The gateway could not fetch the IdP’s discovery document or JWKS: check oauth.issuer / oauth.jwks_uri and the network.',
};

function when(epochSec: unknown, nowMs: number): string {
  if (typeof epochSec !== 'number') return 'absent';
  const iso = new Date(epochSec * 1000).toISOString();
  const delta = Math.round(epochSec - nowMs / 1000);
  return delta >= 0 ? `${iso} (in ${delta} s)` : `${iso} (${-delta} s ago)`;
}

/** The result of {@link explainToken}: printable lines and whether the gateway would accept the token. */
export interface TokenExplanation {
  accepted: boolean;
  reason?: TokenRefusalReason;
  lines: string[];
}

/**
 * Explain a pasted access token against the external IdP config: its header and claims, then the
 * gateway's own verdict (same checks as at `/mcp`, including fetching the configured discovery
 * document and JWKS — the token itself is sent nowhere) with the reason and how to fix it.
 */
export async function explainToken(
  token: string,
  idp: ExternalIdpConfig,
  opts: {
    audiences: string[];
    /** Tenant existence (undefined = the store was not available: not checked). */
    tenants?: { get(id: string): Promise<string | undefined> };
    now?: () => number;
  },
): Promise<TokenExplanation> {
  const now = opts.now ?? Date.now;
  const lines: string[] = [];
  lines.push(`Token fingerprint ${tokenFingerprint(token)} (the token is sent nowhere).`);
  try {
    const h = decodeProtectedHeader(token);
    lines.push(`Header: alg ${h.alg ?? '?'}, typ ${h.typ ?? '-'}, kid ${h.kid ?? '-'}`);
  } catch {
    lines.push('Header: not a JWS header');
  }
  const claims = peekClaims(token);
  if (claims !== undefined) {
    lines.push('Claims (as written in the token, before any check):');
    const aud = claims.aud;
    lines.push(`  iss  ${JSON.stringify(claims.iss ?? null)}`);
    lines.push(`  sub  ${JSON.stringify(claims.sub ?? null)}`);
    lines.push(`  aud  ${JSON.stringify(aud ?? null)}`);
    lines.push(`  exp  ${when(claims.exp, now())}`);
    lines.push(`  tenant (${idp.tenantClaim})  ${JSON.stringify(claimAt(claims, idp.tenantClaim) ?? null)}`);
    for (const name of idp.scopeClaims) {
      const v = claimAt(claims, name);
      if (v !== undefined) lines.push(`  scopes (${name})  ${JSON.stringify(v)}`);
    }
  }
  lines.push(
    `Expected: issuer ${idp.issuer}; audience ${opts.audiences.join(' or ') || '(none configured)'}`,
  );
  // One fetch of discovery + JWKS, no waiting between refetches (nothing to protect in a one-off check).
  const keys = new RemoteKeys({
    jwksUri: () => (idp.jwksUri !== undefined ? Promise.resolve(idp.jwksUri) : discoverJwksUri(idp.issuer)),
    minIntervalMs: 0,
  });
  const verifier = new ExternalVerifier(
    idp,
    new PublicUrls({}),
    opts.tenants ?? { get: async (id) => id },
    undefined,
    keys,
  );
  try {
    const verdict = await verifier.evaluate(token, opts.audiences);
    const kids = verifier.keys.keyIds();
    if (kids.length > 0) lines.push(`Signing keys of the IdP: ${kids.join(', ')}`);
    const problem = keys.problem();
    if (!verdict.ok && verdict.reason === 'keys_unavailable' && problem !== undefined) {
      lines.push(`Cannot fetch the IdP's keys: ${problem}`);
    }
    if (verdict.ok) {
      const p = verdict.principal;
      lines.push(
        `ACCEPTED: tenant ${p.tenantId} (${p.tenantName}), subject ${p.subject}, scopes ${[...p.scopes].join(' ') || '(none)'}`,
      );
      if (opts.tenants === undefined)
        lines.push('  (tenant existence not checked: no data dir with portico.db)');
      if (p.scopes.size === 0) {
        lines.push(
          '  Note: no Portico scope: tools/list and tools/call will answer 403 (see oauth.scope_map).',
        );
      }
      return { accepted: true, lines };
    }
    lines.push(`REFUSED (${verdict.reason}): ${REFUSAL_TEXT[verdict.reason]}`);
    for (const [k, v] of Object.entries(verdict.detail)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
    lines.push(`Fix: ${FIXES[verdict.reason]}`);
    return { accepted: false, reason: verdict.reason, lines };
  } finally {
    verifier.keys.close();
  }
}
