import { randomBytes } from 'node:crypto';
import {
  type AuthorizationServerMetadata,
  checkResourceAllowed,
  discoverOAuthServerInfo,
  exchangeAuthorization,
  extractWWWAuthenticateParams,
  type FetchLike,
  type OAuthClientInformationMixed,
  type OAuthProtectedResourceMetadata,
  registerClient,
  startAuthorization,
  validateAuthorizationResponseIssuer,
} from '@modelcontextprotocol/client';
import { startCallbackServer } from './callback-server.js';
import type { CredentialsStore, OAuthCredentials } from './credentials.js';
import { BridgeError, isBridgeError } from './errors.js';
import { type BridgeLog, quietLog } from './log.js';
import { classifyFetchError } from './network.js';

/** Options of {@link loginWithOAuth}. */
export interface OAuthLoginOptions {
  /** Normalized gateway MCP URL (the credentials key and the protected resource). */
  gatewayUrl: string;
  store: CredentialsStore;
  /** Space- or comma-separated scopes to request (default: the gateway's challenge, else all it lists). */
  scopes?: string;
  /** A client registered beforehand with the authorization server. */
  clientId?: string;
  clientSecret?: string;
  /** An https URL serving this client's metadata document (CIMD), used when the server supports it. */
  clientMetadataUrl?: string;
  /** Loopback port for the redirect (default: a free one). */
  callbackPort?: number;
  /** Show the authorization URL: open a browser, or print it. */
  presentUrl: (url: string) => Promise<void> | void;
  /** How long to wait for the browser sign-in (default 5 min). */
  timeoutMs?: number;
  fetchFn?: FetchLike;
  log?: BridgeLog;
}

/** Client name registered with the authorization server. */
export const OAUTH_CLIENT_NAME = 'Portico CLI (portico connect)';

interface Discovery {
  /** Absent for 2025-03-26 servers without protected resource metadata. */
  prm: OAuthProtectedResourceMetadata | undefined;
  issuer: string;
  /** Absent when the server publishes none (2025-03-26 fallback: default endpoint paths). */
  metadata: AuthorizationServerMetadata | undefined;
  challengeScope?: string;
}

async function discover(gatewayUrl: string, fetchFn: FetchLike): Promise<Discovery> {
  // An unauthenticated request: the 401 challenge names the protected resource metadata (RFC 9728).
  let resourceMetadataUrl: URL | undefined;
  let challengeScope: string | undefined;
  let res: Response;
  try {
    res = await fetchFn(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
  } catch (err) {
    throw classifyFetchError(err, `the gateway at ${gatewayUrl}`);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 401) {
    const params = extractWWWAuthenticateParams(res);
    resourceMetadataUrl = params.resourceMetadataUrl;
    challengeScope = params.scope;
  }
  let info: Awaited<ReturnType<typeof discoverOAuthServerInfo>>;
  try {
    // RFC 9728 protected resource metadata (challenge URL, else the well-known paths); without it
    // (2025-03-26 servers) the gateway's origin is taken as the authorization server.
    info = await discoverOAuthServerInfo(gatewayUrl, {
      fetchFn,
      ...(resourceMetadataUrl !== undefined ? { resourceMetadataUrl } : {}),
    });
  } catch (err) {
    if (isBridgeError(err)) throw err;
    throw new BridgeError(
      'auth',
      `Cannot discover how to sign in to ${gatewayUrl} (${(err as Error).message}). ` +
        `If it uses tokens, ask its administrator for an mcp_ token and run: npx portico login ${gatewayUrl} --token <mcp_…>`,
    );
  }
  const prm = info.resourceMetadata;
  if (
    prm !== undefined &&
    !checkResourceAllowed({ requestedResource: gatewayUrl, configuredResource: prm.resource })
  ) {
    throw new BridgeError(
      'auth',
      `The gateway at ${gatewayUrl} says its tokens are for ${prm.resource}, which is not this URL; refusing to sign in (a misconfigured or impersonating server).`,
    );
  }
  const issuer = info.authorizationServerUrl;
  const metadata = info.authorizationServerMetadata;
  if (metadata === undefined && prm !== undefined) {
    throw new BridgeError('auth', `The authorization server ${issuer} publishes no metadata (RFC 8414).`);
  }
  if (metadata !== undefined && !(metadata.code_challenge_methods_supported ?? []).includes('S256')) {
    throw new BridgeError(
      'auth',
      `The authorization server ${issuer} does not support PKCE S256, which MCP requires; refusing to sign in.`,
    );
  }
  return { prm, issuer, metadata, ...(challengeScope !== undefined ? { challengeScope } : {}) };
}

function pickScope(opts: OAuthLoginOptions, d: Discovery): string | undefined {
  if (opts.scopes !== undefined)
    return opts.scopes
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(' ');
  const scopes = d.challengeScope?.split(' ') ?? [...(d.prm?.scopes_supported ?? [])];
  if ((d.metadata?.scopes_supported ?? []).includes('offline_access') && !scopes.includes('offline_access')) {
    scopes.push('offline_access');
  }
  return scopes.length > 0 ? scopes.join(' ') : undefined;
}

/**
 * `portico login <url>`: OAuth 2.1 authorization code + PKCE (S256) with the SDK's helpers —
 * protected resource metadata from the gateway's 401 challenge (else the well-known path),
 * authorization server metadata, a client (pre-registered, CIMD when offered and configured, else
 * dynamic registration), the browser sign-in with a random `state` and the `resource` indicator,
 * the code received on a 127.0.0.1 loopback redirect (state and RFC 9207 `iss` checked), the code
 * exchanged for tokens, and the result saved in the credentials file.
 */
export async function loginWithOAuth(opts: OAuthLoginOptions): Promise<OAuthCredentials> {
  const log = opts.log ?? quietLog;
  const fetchFn: FetchLike = opts.fetchFn ?? ((url, init) => fetch(url, init));
  const d = await discover(opts.gatewayUrl, fetchFn);
  log.debug(`authorization server ${d.issuer}; resource ${d.prm?.resource ?? '(none)'}`);
  const resource = d.prm?.resource;
  const scope = pickScope(opts, d);
  const callback = await startCallbackServer(opts.callbackPort ?? 0);
  try {
    let clientInformation: OAuthClientInformationMixed;
    if (opts.clientId !== undefined) {
      clientInformation = {
        client_id: opts.clientId,
        ...(opts.clientSecret !== undefined ? { client_secret: opts.clientSecret } : {}),
      };
    } else if (
      d.metadata?.client_id_metadata_document_supported === true &&
      opts.clientMetadataUrl !== undefined
    ) {
      clientInformation = { client_id: opts.clientMetadataUrl };
    } else if (d.metadata === undefined || d.metadata.registration_endpoint !== undefined) {
      clientInformation = await registerClient(d.issuer, {
        ...(d.metadata !== undefined ? { metadata: d.metadata } : {}),
        clientMetadata: {
          client_name: OAUTH_CLIENT_NAME,
          redirect_uris: [callback.redirectUri],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
          ...(scope !== undefined ? { scope } : {}),
        },
        fetchFn,
      });
      log.debug('registered a client with the authorization server');
    } else {
      throw new BridgeError(
        'auth',
        `The authorization server ${d.issuer} offers no dynamic client registration. ` +
          'Register a client for Portico there (redirect http://127.0.0.1:<port>/callback) and pass --client-id (and --callback-port).',
      );
    }
    const state = randomBytes(32).toString('base64url');
    const { authorizationUrl, codeVerifier } = await startAuthorization(d.issuer, {
      ...(d.metadata !== undefined ? { metadata: d.metadata } : {}),
      clientInformation,
      redirectUrl: callback.redirectUri,
      state,
      ...(resource !== undefined ? { resource } : {}),
      ...(scope !== undefined ? { scope } : {}),
    });
    const waiting = callback.wait({
      state,
      timeoutMs: opts.timeoutMs ?? 300_000,
      validateIss: (iss) =>
        validateAuthorizationResponseIssuer({
          iss,
          expectedIssuer: d.metadata?.issuer,
          issParameterSupported: d.metadata?.authorization_response_iss_parameter_supported === true,
        }),
    });
    waiting.catch(() => undefined);
    await opts.presentUrl(authorizationUrl.href);
    const { code, iss } = await waiting;
    const tokens = await exchangeAuthorization(d.issuer, {
      ...(d.metadata !== undefined ? { metadata: d.metadata } : {}),
      clientInformation,
      authorizationCode: code,
      codeVerifier,
      redirectUri: callback.redirectUri,
      ...(resource !== undefined ? { resource } : {}),
      fetchFn,
      ...(iss !== undefined ? { iss } : {}),
    });
    const now = Date.now();
    const entry: OAuthCredentials = {
      kind: 'oauth',
      issuer: d.metadata?.issuer ?? d.issuer,
      client_id: clientInformation.client_id,
      access_token: tokens.access_token,
      saved_at: new Date(now).toISOString(),
    };
    if (resource !== undefined) entry.resource = resource;
    if (clientInformation.client_secret !== undefined) entry.client_secret = clientInformation.client_secret;
    if (tokens.expires_in !== undefined)
      entry.access_expires_at = new Date(now + tokens.expires_in * 1000).toISOString();
    if (tokens.refresh_token !== undefined) entry.refresh_token = tokens.refresh_token;
    const granted = tokens.scope ?? scope;
    if (granted !== undefined) entry.scopes = granted;
    await opts.store.set(opts.gatewayUrl, entry);
    return entry;
  } finally {
    await callback.close();
  }
}
