import type { Context } from 'hono';
import { bearerFrom } from '../auth/index.js';
import type { Principal } from '../auth/types.js';
import type { LimitDecision, LimitName } from '../limits/types.js';
import type { AuditRow } from '../store/types.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';

/** Resolves a bearer secret to a caller (implemented by `auth/AccessService`). */
export interface CallerAuthenticator {
  authenticate(secret: string): Promise<Principal | undefined>;
}

/** Rate limits and quotas (implemented by `limits/Limits`). */
export interface RequestLimiter {
  check(principal: Principal, opts: { call: boolean }): Promise<LimitDecision>;
  /** Peek (nothing consumed): is the caller's rate already used up? Checked before reading a body. */
  exhausted?(principal: Principal): Promise<LimitDecision>;
  authBlocked(address: string): Promise<LimitDecision>;
  authFailed(address: string): Promise<LimitDecision>;
}

/** Where audit rows go (implemented by `audit/AuditLog`). */
export interface AuditSink {
  record(row: AuditRow): void;
  /** Write the row now and resolve once it is committed (true) or could not be (false). */
  commit?(row: AuditRow): Promise<boolean>;
}

/** What the edge measures (implemented by `observability/Metrics`). */
export interface EdgeMetrics {
  observeRequest(method: string, tool: string | undefined, outcome: string, seconds: number): void;
  observeUpstream(system: string, status: number | string, seconds: number): void;
  limitRejected(limit: string): void;
  authFailed(reason: string): void;
  render(): Promise<string>;
  readonly contentType: string;
}

/** Caller security of the MCP endpoints: who may call, how often, and the audit trail. */
export interface EdgeSecurity {
  /** Resolves `mcp_` tokens; unused in `--no-auth` mode. */
  authenticator: CallerAuthenticator;
  /** Set in the loopback-only `--no-auth` mode: every request runs as this principal. */
  devPrincipal?: Principal;
  limits: RequestLimiter;
  audit: AuditSink;
  metrics: EdgeMetrics;
  /** Tool-name globs whose argument values are audited (read per request: config reloads). */
  recordArguments: () => string[];
  /** `sync`: a request's audit row is committed before its response is released; `batched` (default here): written after. */
  auditDurability?: () => 'sync' | 'batched';
  /** Extra `WWW-Authenticate` parameters of an endpoint's 401 (OAuth `resource_metadata`, `scope`). */
  challengeParams?: (c: Context, view: string) => Record<string, string>;
  /** Verifies bearers that are not `mcp_` tokens (OAuth access tokens); absent when `oauth.mode` is off. */
  oauth?: BearerVerifier;
}

/** Verifies an OAuth access token presented to one endpoint (implemented by `oauth/OAuthService`). */
export interface BearerVerifier {
  /** The caller, or undefined for any failure (bad signature, expired, wrong audience or issuer, revoked). */
  verify(token: string, c: Context, view: string): Promise<Principal | undefined>;
}

/** The client's socket address (the Node adapter passes `incoming`; `unknown` in memory). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** RFC 6750 `Bearer` challenge with `params` (values quoted). */
export function bearerChallenge(params: Record<string, string>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '')}"`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

/** How each limit is named to the caller. */
const LIMIT_NAMES: Record<LimitName, string> = {
  token: 'this token’s rate limit',
  tenant: 'your tenant’s rate limit',
  daily_quota: 'your tenant’s daily call quota',
  auth_failures: 'the limit on failed authentications from your address',
};

/** 429 with `Retry-After` and a JSON-RPC error that names the limit and when it resets. */
export function limitedResponse(
  c: Context,
  decision: Exclude<LimitDecision, { ok: true }>,
  id: string | number | null = null,
): Response {
  const code =
    decision.limit === 'daily_quota'
      ? 'quota_exceeded'
      : decision.limit === 'auth_failures'
        ? 'auth_throttled'
        : 'rate_limited';
  return jsonRpcErrorResponse(
    c,
    code,
    `Too many requests: ${LIMIT_NAMES[decision.limit]} (${decision.rule}) is used up; it resets at ${decision.resetAt.toISOString()} (retry after ${decision.retryAfterSec} s).`,
    { 'Retry-After': String(decision.retryAfterSec) },
    id,
  );
}

const UNAUTHORIZED_MESSAGE =
  'Unauthorized: this endpoint needs Authorization: Bearer <token> with a valid Portico token (mcp_…) or, when OAuth is enabled, an access token for this endpoint. ' +
  'Ask your Portico administrator for one (portico tokens create), or check that yours has not expired or been revoked.';

/**
 * Authenticate an MCP request: the `--no-auth` principal, else the bearer token. Failed attempts
 * are counted per client address and throttled. Returns the principal or the error response
 * (401 never says whether the token was malformed, unknown, expired or revoked).
 */
export async function authenticateRequest(
  c: Context,
  sec: EdgeSecurity,
  view: string,
): Promise<Principal | Response> {
  let principal = sec.devPrincipal;
  if (principal === undefined) {
    const address = clientAddress(c);
    const blocked = await sec.limits.authBlocked(address);
    if (!blocked.ok) {
      sec.metrics.authFailed('throttled');
      sec.metrics.limitRejected(blocked.limit);
      return limitedResponse(c, blocked);
    }
    const header = c.req.header('authorization');
    const secret = bearerFrom(header);
    principal =
      secret === undefined
        ? undefined
        : secret.startsWith('mcp_') || sec.oauth === undefined
          ? await sec.authenticator.authenticate(secret)
          : await sec.oauth.verify(secret, c, view);
    if (principal === undefined) {
      const extra = sec.challengeParams?.(c, view) ?? {};
      if (secret !== undefined || header !== undefined) {
        await sec.limits.authFailed(address);
        sec.metrics.authFailed('invalid');
        return jsonRpcErrorResponse(c, 'unauthenticated', UNAUTHORIZED_MESSAGE, {
          'WWW-Authenticate': bearerChallenge({
            realm: 'portico',
            ...extra,
            error: 'invalid_token',
            error_description: 'The access token is missing, malformed, expired or revoked',
          }),
        });
      }
      sec.metrics.authFailed('missing');
      return jsonRpcErrorResponse(c, 'unauthenticated', UNAUTHORIZED_MESSAGE, {
        'WWW-Authenticate': bearerChallenge({ realm: 'portico', ...extra }),
      });
    }
  }
  if (principal.views !== null && !principal.views.includes(view)) {
    return jsonRpcErrorResponse(
      c,
      'forbidden_view',
      `Forbidden: this token may only use the views ${principal.views.map((v) => `"${v}"`).join(', ')}, not "${view}".`,
    );
  }
  return principal;
}

/** 403 for a missing scope, with the RFC 6750 `insufficient_scope` challenge naming the scope. */
export function insufficientScopeResponse(
  c: Context,
  needed: string,
  what: string,
  principal: Principal,
  id: string | number | null = null,
): Response {
  return jsonRpcErrorResponse(
    c,
    'insufficient_scope',
    `Forbidden: ${what} needs the scope ${needed}; this token has ${[...principal.scopes].join(', ') || 'no scopes'}. ` +
      'Ask your Portico administrator for a token with that scope.',
    {
      'WWW-Authenticate': bearerChallenge({
        realm: 'portico',
        error: 'insufficient_scope',
        scope: needed,
        error_description: `${what} needs ${needed}`,
      }),
    },
    id,
  );
}
