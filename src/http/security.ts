import type { Context } from 'hono';
import { bearerFrom } from '../auth/index.js';
import { type Principal, SCOPES, type Scope, type TokenCheck } from '../auth/types.js';
import type { AuthThrottle, LimitDecision, LimitName } from '../limits/types.js';
import type { AuditRow } from '../store/types.js';
import { socketAddress } from './client-address.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';

/** Resolves a bearer secret to a caller (implemented by `auth/AccessService`). */
export interface CallerAuthenticator {
  authenticate(secret: string): Promise<Principal | undefined>;
  /** {@link authenticate} with the reason of a refusal (expired and revoked tokens are genuine). */
  authenticateDetailed?(
    secret: string,
  ): Promise<{ principal?: Principal; reason?: 'malformed' | 'unknown' | 'expired' | 'revoked' }>;
}

/** Rate limits and quotas (implemented by `limits/Limits`). */
export interface RequestLimiter extends AuthThrottle {
  check(principal: Principal, opts: { call: boolean }): Promise<LimitDecision>;
  /** Peek (nothing consumed): is the caller's rate already used up? Checked before reading a body. */
  exhausted?(principal: Principal): Promise<LimitDecision>;
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
  /** The client address for the failed-auth throttle (default: the socket peer; see `server.trusted_proxies`). */
  clientAddress?: (c: Context) => string;
  /** Where a failed credential lookup (store unreachable) is reported; the credential never is. */
  logger?: { error(obj: object, msg: string): void };
}

/** Verifies an OAuth access token presented to one endpoint (implemented by `oauth/OAuthService`). */
export interface BearerVerifier {
  /** The caller, or undefined for any failure (bad signature, expired, wrong audience or issuer, revoked). */
  verify(token: string, c: Context, view: string): Promise<Principal | undefined>;
  /** {@link verify} with the reason of a refusal (preferred when present). */
  check?(token: string, c: Context, view: string): Promise<TokenCheck>;
}

/** The client's socket address (the Node adapter passes `incoming`; `unknown` in memory). */
export function clientAddress(c: Context): string {
  return socketAddress(c);
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
  account_failures: 'the limit on failed sign-ins to this account',
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
      : decision.limit === 'auth_failures' || decision.limit === 'account_failures'
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

/**
 * The 401 message, by how this caller authenticates: with OAuth on, a caller without a token or
 * with a non-`mcp_` one signs in (again) through its MCP client; an `mcp_` token (or any token
 * when OAuth is off) comes from the administrator.
 */
export function unauthorizedMessage(oauth: boolean, secret: string | undefined): string {
  if (oauth && (secret === undefined || !secret.startsWith('mcp_'))) {
    return (
      'Unauthorized: this endpoint needs a sign-in. Your MCP client should open a browser to sign in (or sign in again when the session has ended or was revoked); ' +
      'with the Portico bridge run: portico login <gateway-url>. A Portico token (mcp_…, Authorization: Bearer) works too.'
    );
  }
  return (
    'Unauthorized: this endpoint needs Authorization: Bearer <token> with a valid Portico token (mcp_…). ' +
    'Ask your Portico administrator for one (portico tokens create), or check that yours has not expired or been revoked.'
  );
}

/**
 * Authenticate an MCP request: the `--no-auth` principal, else the bearer token. The credential is
 * checked first, so a valid one is never refused by the throttle; only failures that could be guesses
 * (unknown or forged credentials — not expired, revoked or otherwise genuine tokens) are counted per
 * client address, and once that address has used up `limits.auth_failures` its failures answer 429.
 * Returns the principal or the error response (401 never says why the token was refused).
 */
export async function authenticateRequest(
  c: Context,
  sec: EdgeSecurity,
  view: string,
): Promise<Principal | Response> {
  let principal = sec.devPrincipal;
  if (principal === undefined) {
    const header = c.req.header('authorization');
    const secret = bearerFrom(header);
    const extra = sec.challengeParams?.(c, view) ?? {};
    if (secret === undefined && header === undefined) {
      sec.metrics.authFailed('missing');
      return jsonRpcErrorResponse(
        c,
        'unauthenticated',
        unauthorizedMessage(sec.oauth !== undefined, secret),
        {
          'WWW-Authenticate': bearerChallenge({ realm: 'portico', ...extra }),
        },
      );
    }
    let check: TokenCheck;
    try {
      check =
        secret === undefined
          ? { ok: false, reason: 'malformed', authentic: false }
          : await checkBearer(sec, secret, c, view);
    } catch (err) {
      // The credential store did not answer (PostgreSQL down or restarting): the request may be
      // fine, so 503 + Retry-After (clients and load balancers retry), never 401 or a bare 500.
      sec.logger?.error(
        { err: describeStoreError(err) },
        'could not check an access token: the store did not answer',
      );
      return jsonRpcErrorResponse(
        c,
        'store_unavailable',
        'Service unavailable: the gateway cannot check access tokens right now because its database did not answer. Retry shortly.',
        { 'Retry-After': '5' },
      );
    }
    if (!check.ok) {
      sec.metrics.authFailed(check.reason);
      if (check.reason === 'keys_unavailable') {
        return jsonRpcErrorResponse(
          c,
          'auth_unavailable',
          'Service unavailable: the gateway cannot check access tokens right now because the identity provider’s signing keys could not be fetched. Retry shortly.',
          { 'Retry-After': '5' },
        );
      }
      if (!check.authentic) {
        const counted = await sec.limits.authFailed((sec.clientAddress ?? clientAddress)(c));
        if (!counted.ok) {
          sec.metrics.limitRejected(counted.limit);
          return limitedResponse(c, counted);
        }
      }
      return jsonRpcErrorResponse(
        c,
        'unauthenticated',
        unauthorizedMessage(sec.oauth !== undefined, secret),
        {
          'WWW-Authenticate': bearerChallenge({
            realm: 'portico',
            ...extra,
            error: 'invalid_token',
            error_description: 'The access token is missing, malformed, expired or revoked',
          }),
        },
      );
    }
    principal = check.principal;
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

/** Check a bearer: `mcp_` tokens with the access service, others with the OAuth verifier. */
/** An error's name, code and message only: a driver error's other fields may quote the query. */
function describeStoreError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(code !== undefined ? { code } : {}) };
}

async function checkBearer(sec: EdgeSecurity, secret: string, c: Context, view: string): Promise<TokenCheck> {
  if (secret.startsWith('mcp_') || sec.oauth === undefined) {
    const auth = sec.authenticator;
    if (auth.authenticateDetailed === undefined) {
      const p = await auth.authenticate(secret);
      return p === undefined
        ? { ok: false, reason: 'unknown', authentic: false }
        : { ok: true, principal: p };
    }
    const r = await auth.authenticateDetailed(secret);
    if (r.principal !== undefined) return { ok: true, principal: r.principal };
    const reason = r.reason ?? 'unknown';
    return { ok: false, reason, authentic: reason === 'expired' || reason === 'revoked' };
  }
  if (sec.oauth.check !== undefined) return sec.oauth.check(secret, c, view);
  const p = await sec.oauth.verify(secret, c, view);
  return p === undefined ? { ok: false, reason: 'unknown', authentic: false } : { ok: true, principal: p };
}

/**
 * 403 for a missing scope, with the RFC 6750 `insufficient_scope` challenge. As the MCP scope
 * challenge (2025-11-25) asks, `scope` is the whole set to ask for — what the call needs plus what
 * the token already has — so a client re-authorizing with it loses nothing; `challenge` adds the
 * endpoint's `resource_metadata` (OAuth enabled).
 */
export function insufficientScopeResponse(
  c: Context,
  needed: Scope,
  what: string,
  principal: Principal,
  id: string | number | null = null,
  challenge: Record<string, string> = {},
): Response {
  const scope = SCOPES.filter((s) => s === needed || principal.scopes.has(s)).join(' ');
  const how =
    principal.kind === 'oauth'
      ? `Sign in again from your MCP client and allow "${needed}" on the consent page (portico login <url> --scopes "${scope}" for the Portico bridge).`
      : 'Ask your Portico administrator for a token with that scope.';
  return jsonRpcErrorResponse(
    c,
    'insufficient_scope',
    `Forbidden: ${what} needs the scope ${needed}; this token has ${[...principal.scopes].join(', ') || 'no scopes'}. ${how}`,
    {
      'WWW-Authenticate': bearerChallenge({
        realm: 'portico',
        ...challenge,
        error: 'insufficient_scope',
        scope,
        error_description: `${what} needs ${needed}`,
      }),
    },
    id,
  );
}
