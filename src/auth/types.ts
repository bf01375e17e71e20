/** The scopes an `mcp_` token (or OAuth access token) can carry. */
export const SCOPES = ['mcp.tools.discovery', 'mcp.tools.invoke', 'mcp.tools.write'] as const;

/** One scope. `discovery` lists tools, `invoke` calls read-only tools, `write` calls the others. */
export type Scope = (typeof SCOPES)[number];

/** What a caller may do with one tool. */
export type Permission = 'none' | 'list' | 'invoke' | 'write';

/** Who is calling: resolved from a credential on every request. */
export interface Principal {
  /** `token` for `mcp_` tokens, `dev` for the loopback-only `--no-auth` mode. */
  kind: 'token' | 'dev';
  tenantId: string;
  tenantName: string;
  /** Token id (`tok_…`), or `dev` in `--no-auth` mode. */
  tokenId: string;
  /** Subject forwarded upstream (the token id for `mcp_` tokens). */
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
