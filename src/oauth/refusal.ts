import { createHash } from 'node:crypto';
import { errors } from 'jose';
import type { Principal, TokenRefusalReason } from '../auth/types.js';
import type { Logger } from '../observability/index.js';

/** A token check's verdict with what the operator needs to see (never sent to the client). */
export type TokenVerdict =
  | { ok: true; principal: Principal; claims: Record<string, unknown> }
  | {
      ok: false;
      reason: TokenRefusalReason;
      authentic: boolean;
      /** Facts for the log and `portico auth test` (expected and received values, key id, …). */
      detail: Record<string, unknown>;
      /** The claims, when the signature was verified. */
      claims?: Record<string, unknown>;
    };

/** A refusal verdict. */
export function refuse(
  reason: TokenRefusalReason,
  authentic: boolean,
  detail: Record<string, unknown> = {},
  claims?: Record<string, unknown>,
): TokenVerdict {
  return { ok: false, reason, authentic, detail, ...(claims !== undefined ? { claims } : {}) };
}

/** One line per reason, for logs and `portico auth test`. */
export const REFUSAL_TEXT: Record<TokenRefusalReason, string> = {
  malformed: 'not a well-formed JWT',
  unknown: 'not a token this gateway knows',
  revoked: 'the sign-in behind it was revoked',
  expired: 'expired',
  not_yet_valid: 'not valid yet (nbf/iat in the future: check clocks)',
  bad_signature: 'signature does not verify with the key named by its kid (or its alg is not allowed)',
  unknown_kid: 'signed with a key id the identity provider’s JWKS does not list (even after refetching it)',
  wrong_issuer: 'issued by another issuer',
  wrong_audience: 'issued for another audience',
  wrong_type: 'not an access token (typ)',
  missing_claim: 'a required claim is missing',
  missing_scope_claim: 'carries none of the configured scope claims',
  tenant_missing: 'carries no tenant claim',
  tenant_unknown: 'names a tenant that does not exist in Portico',
  keys_unavailable: 'the identity provider’s signing keys could not be fetched',
};

/** jose's verification errors → refusal reasons (signature failures are not authentic; claim failures are). */
export function classifyJoseError(err: unknown): TokenVerdict | undefined {
  if (err instanceof errors.JWTExpired) {
    return refuse('expired', true, { exp: err.payload.exp }, err.payload);
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    const reason: TokenRefusalReason =
      err.reason === 'missing'
        ? 'missing_claim'
        : err.claim === 'nbf' || err.claim === 'iat'
          ? 'not_yet_valid'
          : err.claim === 'typ'
            ? 'wrong_type'
            : err.claim === 'iss'
              ? 'wrong_issuer'
              : err.claim === 'aud'
                ? 'wrong_audience'
                : 'missing_claim';
    return refuse(reason, true, { claim: err.claim, check: err.message }, err.payload);
  }
  if (err instanceof errors.JWKSNoMatchingKey) return refuse('unknown_kid', false);
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported ||
    err instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return refuse('bad_signature', false, { error: err.code });
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return refuse('keys_unavailable', false, { error: err.message });
  }
  if (
    err instanceof errors.JOSEError ||
    err instanceof TypeError ||
    err instanceof SyntaxError ||
    err instanceof RangeError
  ) {
    return refuse('malformed', false);
  }
  return undefined;
}

/** A short, non-reversible fingerprint of a token for logs (first 16 hex of its SHA-256). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/** Reasons logged at info (routine: clients refresh); every other refusal is a warning. */
const ROUTINE = new Set<TokenRefusalReason>(['expired']);
const MAX_REMEMBERED = 10_000;

/**
 * Logs each refused token once (per fingerprint, remembered for up to 10 000 tokens), with its
 * reason and details, so a client retrying a bad token cannot flood the log.
 */
export class RefusalLog {
  private readonly seen = new Set<string>();
  constructor(private readonly logger: Logger | undefined) {}

  report(token: string, verdict: Extract<TokenVerdict, { ok: false }>): void {
    if (this.logger === undefined) return;
    const fingerprint = tokenFingerprint(token);
    if (this.seen.has(fingerprint)) return;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(fingerprint);
    const claims = verdict.claims;
    const fields = {
      reason: verdict.reason,
      fingerprint,
      ...verdict.detail,
      ...(claims !== undefined && typeof claims.sub === 'string' ? { sub: claims.sub } : {}),
      ...(claims !== undefined && typeof (claims.client_id ?? claims.azp) === 'string'
        ? { client: claims.client_id ?? claims.azp }
        : {}),
    };
    const msg = `OAuth access token refused: ${REFUSAL_TEXT[verdict.reason]}`;
    if (ROUTINE.has(verdict.reason)) this.logger.info(fields, msg);
    else this.logger.warn(fields, msg);
  }
}
