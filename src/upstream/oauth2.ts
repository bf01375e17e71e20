import { PorticoError } from '../errors/index.js';
import type { SystemSpec, UpstreamAuth } from '../spec/index.js';
import type { PoolRegistry } from './pool.js';
import { readCappedBody } from './read-body.js';

type OAuth2Auth = Extract<UpstreamAuth, { type: 'oauth2_client_credentials' }>;

interface TokenEntry {
  token?: string;
  /** When the token must be refreshed (ms since epoch). */
  refreshAt: number;
  pending?: Promise<string>;
}

/** Token lifetime assumed when the endpoint sends no `expires_in`. */
const DEFAULT_LIFETIME_S = 3600;
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** `scheme://host/path` of the token URL: never its query string. */
function endpointLabel(tokenUrl: string): string {
  try {
    const url = new URL(tokenUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'the configured token_url';
  }
}

function authError(system: SystemSpec, auth: OAuth2Auth, reason: string, cause?: unknown): PorticoError {
  const safe = auth.clientSecret === '' ? reason : reason.split(auth.clientSecret).join('[redacted]');
  return new PorticoError(
    'upstream_auth',
    `Could not get an OAuth2 access token for system "${system.name}" from ${endpointLabel(auth.tokenUrl)}: ${safe}. ` +
      'Check token_url, client_id, client_secret and scopes in the system auth config.',
    { system: system.name },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * OAuth2 client-credentials tokens, cached per system auth config, refreshed before expiry
 * (60 s early or 10% of the lifetime, whichever is smaller) and fetched single-flight.
 */
export class OAuth2TokenCache {
  private readonly entries = new WeakMap<OAuth2Auth, TokenEntry>();

  constructor(
    private readonly pools: PoolRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token, from the cache or from the token endpoint (one request shared by concurrent callers). */
  get(system: SystemSpec, auth: OAuth2Auth): Promise<string> {
    let entry = this.entries.get(auth);
    if (entry === undefined) {
      entry = { refreshAt: 0 };
      this.entries.set(auth, entry);
    }
    if (entry.token !== undefined && this.now() < entry.refreshAt) return Promise.resolve(entry.token);
    if (entry.pending !== undefined) return entry.pending;
    const current = entry;
    current.pending = this.fetchToken(system, auth).then(
      ({ token, lifetimeS }) => {
        const lifetimeMs = lifetimeS * 1000;
        current.token = token;
        current.refreshAt = this.now() + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
        current.pending = undefined;
        return token;
      },
      (err: unknown) => {
        current.pending = undefined;
        throw err;
      },
    );
    return current.pending;
  }

  /** Drop `token` (rejected by the upstream) unless it was already replaced. */
  invalidate(auth: OAuth2Auth, token: string): void {
    const entry = this.entries.get(auth);
    if (entry?.token === token) {
      entry.token = undefined;
      entry.refreshAt = 0;
    }
  }

  private async fetchToken(
    system: SystemSpec,
    auth: OAuth2Auth,
  ): Promise<{ token: string; lifetimeS: number }> {
    let url: URL;
    try {
      url = new URL(auth.tokenUrl);
    } catch (err) {
      throw authError(system, auth, 'token_url is not a valid URL', err);
    }
    let form = 'grant_type=client_credentials';
    if (auth.scopes.length > 0) form += `&scope=${formEncode(auth.scopes.join(' '))}`;
    if (auth.audience !== undefined) form += `&audience=${formEncode(auth.audience)}`;
    const basic = Buffer.from(`${formEncode(auth.clientId)}:${formEncode(auth.clientSecret)}`).toString(
      'base64',
    );
    let status: number;
    let text: string;
    try {
      const res = await this.pools.get(url.origin, system).request({
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: `Basic ${basic}`,
        },
        body: form,
        signal: AbortSignal.timeout(system.timeoutMs),
      });
      status = res.statusCode;
      text = (await readCappedBody(res.body, MAX_TOKEN_RESPONSE_BYTES)).buffer.toString('utf8');
    } catch (err) {
      const e = err as { name?: string; code?: string; cause?: { code?: string } };
      const reason =
        e.name === 'TimeoutError'
          ? `no answer within ${system.timeoutMs} ms`
          : `request failed (${e.code ?? e.cause?.code ?? e.name ?? 'error'})`;
      throw authError(system, auth, reason, err);
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: reported below.
    }
    if (status < 200 || status >= 300) {
      const detail = [body.error, body.error_description].filter((v) => typeof v === 'string').join(': ');
      throw authError(
        system,
        auth,
        `the token endpoint answered HTTP ${status}${detail ? ` (${detail})` : ''}`,
      );
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw authError(system, auth, 'the token endpoint response has no access_token');
    }
    const expiresIn = Number(body.expires_in);
    const lifetimeS = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S;
    return { token: body.access_token, lifetimeS };
  }
}
