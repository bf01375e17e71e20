import { randomBytes } from 'node:crypto';
import type { Scope } from '../auth/types.js';
import type { OAuthGrant, Store } from '../store/index.js';
import { OAuthError, type ResolvedClient, sha256 } from './clients.js';
import type { SigningKeys } from './keys.js';
import { verifyPkce } from './pkce.js';

/** A validated authorization request (what the sign-in and consent forms carry). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  /** The resource (RFC 8707) the tokens will be for. */
  resource: string;
  scopes: Scope[];
}

/** The token endpoint's success body (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** Options of {@link AuthorizationServer}. */
export interface AuthorizationServerOptions {
  store: Store;
  keys: SigningKeys;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  now?: () => Date;
}

/** Authorization codes live this long. */
export const CODE_TTL_SEC = 600;

const invalidGrant = (why: string) => new OAuthError('invalid_grant', why);

/**
 * The built-in authorization server's state machine: grants, single-use codes, access tokens (ES256
 * JWTs) and rotating refresh tokens with reuse detection. HTTP-free: `routes.ts` speaks the protocol.
 */
export class AuthorizationServer {
  private readonly now: () => Date;

  constructor(private readonly opts: AuthorizationServerOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * The user approved: record the grant and return a fresh authorization code for it.
   *
   * `consentId` (the random id of one consent form) makes consent single-use: the grant id is
   * derived from it, so a second approval of the same form finds the grant already there (or loses
   * the insert race) and yields `undefined` instead of a second code.
   */
  async approve(
    req: AuthorizationRequest,
    user: { id: string; tenantId: string },
    client: ResolvedClient,
    consentId?: string,
  ): Promise<string | undefined> {
    const now = this.now();
    const id =
      consentId === undefined
        ? `grt_${randomBytes(12).toString('hex')}`
        : `grt_${sha256(`consent:${consentId}`).slice(0, 24)}`;
    if (consentId !== undefined && (await this.opts.store.getOAuthGrant(id)) !== undefined) return undefined;
    let grant: OAuthGrant;
    try {
      grant = await this.opts.store.insertOAuthGrant({
        id,
        tenantId: user.tenantId,
        userId: user.id,
        clientId: client.id,
        clientName: client.name,
        scopes: req.scopes,
        resource: req.resource,
        createdAt: now,
      });
    } catch (err) {
      // A concurrent post of the same consent form inserted it first.
      if (consentId !== undefined && (await this.opts.store.getOAuthGrant(id)) !== undefined)
        return undefined;
      throw err;
    }
    const code = randomBytes(32).toString('base64url');
    await this.opts.store.insertOAuthCode({
      hash: sha256(code),
      grantId: grant.id,
      clientId: client.id,
      redirectUri: req.redirectUri,
      codeChallenge: req.codeChallenge,
      resource: req.resource,
      scopes: req.scopes,
      expiresAt: new Date(now.getTime() + CODE_TTL_SEC * 1000),
    });
    return code;
  }

  /**
   * `grant_type=authorization_code`. A code is single-use: presenting it again revokes its grant
   * (and so every token issued from it).
   */
  async exchangeCode(
    p: { code?: string; redirectUri?: string; codeVerifier?: string; resource?: string },
    client: ResolvedClient,
    issuer: string,
  ): Promise<TokenResponse> {
    if (p.code === undefined || p.code === '') throw new OAuthError('invalid_request', 'code is required.');
    const now = this.now();
    const consumed = await this.opts.store.consumeOAuthCode(sha256(p.code), now);
    if (consumed === undefined) throw invalidGrant('The authorization code is unknown.');
    const { record, firstUse } = consumed;
    if (!firstUse) {
      await this.opts.store.revokeOAuthGrant(record.grantId, now);
      throw invalidGrant('The authorization code was already used; its grant has been revoked.');
    }
    if (record.clientId !== client.id)
      throw invalidGrant('The authorization code was issued to another client.');
    if (record.expiresAt.getTime() <= now.getTime())
      throw invalidGrant('The authorization code has expired.');
    if (p.redirectUri !== record.redirectUri) {
      throw invalidGrant('redirect_uri does not match the one of the authorization request.');
    }
    if (!verifyPkce(p.codeVerifier, record.codeChallenge)) {
      throw invalidGrant('code_verifier does not match the code_challenge (PKCE S256).');
    }
    if (p.resource !== undefined && p.resource !== record.resource) {
      throw new OAuthError(
        'invalid_target',
        `resource must be ${record.resource}, as in the authorization request.`,
      );
    }
    const grant = await this.opts.store.getOAuthGrant(record.grantId);
    if (grant === undefined || grant.revokedAt !== null) throw invalidGrant('The grant has been revoked.');
    return this.issue(grant, record.scopes as Scope[], issuer);
  }

  /**
   * `grant_type=refresh_token`: rotates the refresh token. A refresh token presented a second time
   * (a replay: one copy was stolen) revokes the whole grant.
   */
  async refresh(
    p: { refreshToken?: string; resource?: string; scope?: Scope[] },
    client: ResolvedClient,
    issuer: string,
  ): Promise<TokenResponse> {
    if (p.refreshToken === undefined || p.refreshToken === '') {
      throw new OAuthError('invalid_request', 'refresh_token is required.');
    }
    const hash = sha256(p.refreshToken);
    const found = await this.opts.store.findOAuthRefresh(hash);
    if (found === undefined) throw invalidGrant('The refresh token is unknown.');
    const grant = await this.opts.store.getOAuthGrant(found.grantId);
    if (grant === undefined || grant.clientId !== client.id) {
      throw invalidGrant('The refresh token was issued to another client.');
    }
    // The account first (without consuming the token): disabling a user also revokes its grants,
    // and "disabled" is what the person has to get fixed.
    const user = await this.opts.store.getOAuthUser(grant.userId);
    if (user === undefined || user.disabled) {
      throw invalidGrant('This account is disabled; ask your Portico administrator to enable it.');
    }
    const now = this.now();
    const consumed = await this.opts.store.consumeOAuthRefresh(hash, now);
    if (consumed === undefined) throw invalidGrant('The refresh token is unknown.');
    if (!consumed.firstUse) {
      await this.opts.store.revokeOAuthGrant(grant.id, now);
      throw invalidGrant('The refresh token was already used; the grant has been revoked. Sign in again.');
    }
    if (grant.revokedAt !== null) throw invalidGrant('The grant has been revoked. Sign in again.');
    if (consumed.record.expiresAt.getTime() <= now.getTime())
      throw invalidGrant('The refresh token has expired.');
    if (p.resource !== undefined && p.resource !== grant.resource) {
      throw new OAuthError(
        'invalid_target',
        `resource must be ${grant.resource}, the resource of this grant.`,
      );
    }
    let scopes = grant.scopes as Scope[];
    if (p.scope !== undefined) {
      const extra = p.scope.filter((s) => !scopes.includes(s));
      if (extra.length > 0) {
        throw new OAuthError('invalid_scope', `The grant does not include ${extra.join(', ')}.`);
      }
      scopes = p.scope;
    }
    return this.issue(grant, scopes, issuer);
  }

  /** RFC 7009: revoking a refresh token (or an access token's grant id) revokes its whole grant. */
  async revokeRefreshToken(token: string, clientId: string | undefined): Promise<boolean> {
    const found = await this.opts.store.findOAuthRefresh(sha256(token));
    if (found === undefined) return false;
    return this.revokeGrant(found.grantId, clientId);
  }

  /** Revoke a grant (when `clientId` is given, only a grant of that client). */
  async revokeGrant(grantId: string, clientId: string | undefined): Promise<boolean> {
    const grant = await this.opts.store.getOAuthGrant(grantId);
    if (grant === undefined || (clientId !== undefined && grant.clientId !== clientId)) return false;
    await this.opts.store.revokeOAuthGrant(grant.id, this.now());
    return true;
  }

  private async issue(grant: OAuthGrant, scopes: Scope[], issuer: string): Promise<TokenResponse> {
    const now = this.now();
    const iat = Math.floor(now.getTime() / 1000);
    const ttl = this.opts.accessTokenTtlSec;
    const scope = scopes.join(' ');
    const access = await this.opts.keys.sign({
      iss: issuer,
      sub: grant.userId,
      aud: grant.resource,
      iat,
      exp: iat + ttl,
      jti: randomBytes(12).toString('base64url'),
      scope,
      client_id: grant.clientId,
      portico_tenant: grant.tenantId,
      portico_grant: grant.id,
    });
    const refresh = `prt_${randomBytes(32).toString('base64url')}`;
    await this.opts.store.insertOAuthRefresh({
      hash: sha256(refresh),
      grantId: grant.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.opts.refreshTokenTtlSec * 1000),
    });
    return { access_token: access, token_type: 'Bearer', expires_in: ttl, refresh_token: refresh, scope };
  }
}
