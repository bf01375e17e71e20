/** The scopes an `mcp_` token (or OAuth access token) can carry. */
export const SCOPES = ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'] as const;

/** One scope. `discovery` lists tools, `invoke` calls read-only tools, `write` calls the others. */
export type Scope = (typeof SCOPES)[number];

/** What a caller may do with one tool. */
export type Permission = 'none' | 'list' | 'invoke' | 'write';

/** Who is calling: resolved from a credential on every request. */
export interface Principal {
  /**
   * `token` for `mcp_` tokens, `oauth` for OAuth access tokens (built-in AS or external IdP), `dev`
   * for `--no-auth`, `console` for a signed-in console user's **Try it**.
   */
  kind: 'token' | 'oauth' | 'dev' | 'console';
  tenantId: string;
  tenantName: string;
  /**
   * Stable credential id used for per-token limits and audit: `tok_…` for `mcp_` tokens, the grant
   * id for OAuth (stable across refreshes), `dev` in `--no-auth` mode.
   */
  tokenId: string;
  /** Subject forwarded upstream: the token id for `mcp_` tokens, `<issuer>#<sub>` for OAuth. */
  subject: string;
  label: string;
  /** Display prefix of the secret (`mcp_4fG7k2`), never the secret. */
  prefix: string;
  scopes: ReadonlySet<Scope>;
  /** Views the credential may use; null = all. */
  views: readonly string[] | null;
  expiresAt: Date | null;
  /** Per-credential rate limit override (`120/min`), null = configured default. */
  rateLimit: string | null;
}

/**
 * Why a bearer token was refused (a label of `portico_auth_failures_total`, never sent to the
 * client, whose answer stays generic).
 */
export type TokenRefusalReason =
  | 'malformed'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_kid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_type'
  | 'missing_claim'
  | 'missing_scope_claim'
  | 'tenant_missing'
  | 'tenant_unknown'
  | 'keys_unavailable';

/**
 * The verdict on one bearer token. `authentic` is true when the token is genuine (signed by the
 * trusted key, or a real `mcp_` token) but refused anyway — expired, revoked, for another audience
 * or tenant: not a guess, so it never counts toward the failed-authentication throttle.
 */
export type TokenCheck =
  | { ok: true; principal: Principal }
  | { ok: false; reason: TokenRefusalReason; authentic: boolean };
