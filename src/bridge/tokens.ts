import {
  type AuthorizationServerMetadata,
  discoverAuthorizationServerMetadata,
  type FetchLike,
  OAuthError,
  refreshAuthorization,
} from '@modelcontextprotocol/client';
import type { CredentialsStore, GatewayCredentials, OAuthCredentials } from './credentials.js';
import { BridgeError, isBridgeError, reloginMessage } from './errors.js';
import { type BridgeLog, quietLog } from './log.js';
import { classifyFetchError } from './network.js';

/** Refresh an access token this long before it expires. */
export const EARLY_REFRESH_MS = 60_000;

/** Where the bridge gets the bearer for the gateway. */
export interface TokenSource {
  /** The gateway URL the credentials are saved under (used in messages). */
  readonly gatewayUrl: string;
  readonly kind: 'token' | 'oauth';
  /** Space-separated scopes the sign-in was granted, when known (named in 403 refusals). */
  readonly grantedScopes?: string | undefined;
  /** A bearer to send now (refreshing first when the cached one is about to expire). */
  token(): Promise<string>;
  /**
   * The gateway answered 401 to `rejected`: return a token worth one retry (refreshing once, shared by
   * every caller that saw the same token rejected) or throw a {@link BridgeError}.
   */
  afterUnauthorized(rejected: string): Promise<string>;
}

/** A static `mcp_` token: nothing to refresh; a 401 means it was revoked or expired. */
export class StaticTokenSource implements TokenSource {
  readonly kind = 'token' as const;
  constructor(
    readonly gatewayUrl: string,
    private readonly secret: string,
  ) {}

  async token(): Promise<string> {
    return this.secret;
  }

  async afterUnauthorized(): Promise<string> {
    throw new BridgeError(
      'auth',
      `The gateway at ${this.gatewayUrl} rejected your token (401): it was revoked, expired or mistyped. ` +
        `Create a new one (portico tokens create) and run: npx portico login ${this.gatewayUrl} --token <mcp_…>`,
      { status: 401 },
    );
  }
}

/** Options of {@link OAuthTokenSource}. */
export interface OAuthTokenSourceOptions {
  fetchFn?: FetchLike;
  log?: BridgeLog;
  /** Clock (ms); tests may shift it. */
  now?: () => number;
}

/**
 * Whether the access token is still worth sending: more than 60 s left (or, for tokens that live
 * under 4 minutes, more than a quarter of their lifetime), so it cannot expire in flight.
 */
function isFresh(entry: OAuthCredentials, now: number): boolean {
  if (entry.access_expires_at === undefined) return true;
  const expires = Date.parse(entry.access_expires_at);
  const lifetime = expires - Date.parse(entry.saved_at);
  const margin =
    Number.isFinite(lifetime) && lifetime > 0 ? Math.min(EARLY_REFRESH_MS, lifetime / 4) : EARLY_REFRESH_MS;
  return expires - margin > now;
}

/**
 * OAuth access tokens with refresh: cached in memory, refreshed within 60 s of expiry, one refresh at
 * a time per process (single flight) and across processes (under the credentials file's lock, after
 * re-reading the file: a token another process already rotated is adopted instead of refreshing
 * again, so rotation with reuse detection never trips). A rejected refresh token (`invalid_grant`)
 * is final: every later call fails with {@link reloginMessage}.
 */
export class OAuthTokenSource implements TokenSource {
  readonly kind = 'oauth' as const;
  private current: OAuthCredentials;
  private inflight: Promise<string> | undefined;
  private dead: BridgeError | undefined;
  private metadata: AuthorizationServerMetadata | undefined;
  private readonly fetchFn: FetchLike | undefined;
  private readonly log: BridgeLog;
  private readonly now: () => number;

  constructor(
    readonly gatewayUrl: string,
    private readonly store: CredentialsStore,
    entry: OAuthCredentials,
    opts: OAuthTokenSourceOptions = {},
  ) {
    this.current = entry;
    this.fetchFn = opts.fetchFn;
    this.log = opts.log ?? quietLog;
    this.now = opts.now ?? Date.now;
  }

  get grantedScopes(): string | undefined {
    return this.current.scopes;
  }

  async token(): Promise<string> {
    if (this.dead !== undefined) throw this.dead;
    if (isFresh(this.current, this.now())) return this.current.access_token;
    return this.refresh(undefined);
  }

  async afterUnauthorized(rejected: string): Promise<string> {
    if (this.dead !== undefined) throw this.dead;
    if (this.current.access_token !== rejected && isFresh(this.current, this.now())) {
      return this.current.access_token;
    }
    return this.refresh(rejected);
  }

  /** One refresh for every concurrent caller. */
  private refresh(rejected: string | undefined): Promise<string> {
    this.inflight ??= this.refreshLocked(rejected).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshLocked(rejected: string | undefined): Promise<string> {
    return this.store.withLock(async () => {
      const file = await this.store.read();
      const onDisk: GatewayCredentials | undefined = file.gateways[this.gatewayUrl];
      if (onDisk === undefined || onDisk.kind !== 'oauth') {
        throw this.fail(
          new BridgeError(
            'not_logged_in',
            `Portico: no sign-in is saved for ${this.gatewayUrl} (removed by portico logout?). Run: npx portico login ${this.gatewayUrl}`,
          ),
        );
      }
      if (onDisk.access_token !== rejected && onDisk.access_token !== this.current.access_token) {
        if (isFresh(onDisk, this.now())) {
          this.log.debug('using the access token another portico process refreshed');
          this.current = onDisk;
          return onDisk.access_token;
        }
      }
      if (onDisk.refresh_token === undefined) {
        throw this.fail(new BridgeError('refresh_rejected', reloginMessage(this.gatewayUrl)));
      }
      this.log.debug('refreshing the access token');
      let tokens: Awaited<ReturnType<typeof refreshAuthorization>>;
      try {
        const metadata = await this.asMetadata(onDisk.issuer);
        tokens = await refreshAuthorization(onDisk.issuer, {
          metadata,
          clientInformation: {
            client_id: onDisk.client_id,
            ...(onDisk.client_secret !== undefined ? { client_secret: onDisk.client_secret } : {}),
          },
          refreshToken: onDisk.refresh_token,
          ...(onDisk.resource !== undefined ? { resource: onDisk.resource } : {}),
          ...(this.fetchFn !== undefined ? { fetchFn: this.fetchFn } : {}),
        });
      } catch (err) {
        throw this.refreshFailure(err, onDisk.issuer);
      }
      const next: OAuthCredentials = {
        ...onDisk,
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token ?? onDisk.refresh_token,
        saved_at: new Date(this.now()).toISOString(),
      };
      if (tokens.expires_in !== undefined) {
        next.access_expires_at = new Date(this.now() + tokens.expires_in * 1000).toISOString();
      } else {
        delete next.access_expires_at;
      }
      if (tokens.scope !== undefined) next.scopes = tokens.scope;
      file.gateways[this.gatewayUrl] = next;
      await this.store.writeUnlocked(file);
      this.current = next;
      this.log.debug('access token refreshed and saved');
      return next.access_token;
    });
  }

  private async asMetadata(issuer: string): Promise<AuthorizationServerMetadata | undefined> {
    this.metadata ??= await discoverAuthorizationServerMetadata(issuer, {
      ...(this.fetchFn !== undefined ? { fetchFn: this.fetchFn } : {}),
    });
    return this.metadata;
  }

  private refreshFailure(err: unknown, issuer: string): BridgeError {
    if (isBridgeError(err)) return err;
    if (err instanceof OAuthError) {
      if (
        err.code === 'invalid_grant' ||
        err.code === 'invalid_client' ||
        err.code === 'unauthorized_client'
      ) {
        return this.fail(
          new BridgeError('refresh_rejected', reloginMessage(this.gatewayUrl, err.message), { cause: err }),
        );
      }
      return new BridgeError(
        'auth',
        `The authorization server ${issuer} refused to refresh your sign-in (${err.code}: ${err.message}). ` +
          `Try again; if it persists run: npx portico login ${this.gatewayUrl}`,
      );
    }
    return classifyFetchError(err, `the authorization server ${issuer}`);
  }

  private fail(err: BridgeError): BridgeError {
    if (err.kind === 'refresh_rejected') this.dead = err;
    return err;
  }
}

/** The token source for a saved entry. */
export function tokenSourceFor(
  gatewayUrl: string,
  entry: GatewayCredentials,
  store: CredentialsStore,
  opts: OAuthTokenSourceOptions = {},
): TokenSource {
  return entry.kind === 'token'
    ? new StaticTokenSource(gatewayUrl, entry.token)
    : new OAuthTokenSource(gatewayUrl, store, entry, opts);
}
