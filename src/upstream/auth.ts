import type { SystemSpec, UpstreamAuth } from '../spec/index.js';
import { raceAbort } from './abort.js';
import type { OAuth2TokenCache } from './oauth2.js';

type StaticHeader = readonly [name: string, value: string] | null;

const staticHeaders = new WeakMap<UpstreamAuth, StaticHeader>();

/** The fixed auth header of a none/api_key/bearer/basic config (computed once per config). */
export function staticAuthHeader(auth: UpstreamAuth): StaticHeader {
  let header = staticHeaders.get(auth);
  if (header !== undefined) return header;
  switch (auth.type) {
    case 'api_key':
      header = [auth.header.toLowerCase(), auth.value];
      break;
    case 'bearer':
      header = ['authorization', `Bearer ${auth.token}`];
      break;
    case 'basic':
      header = [
        'authorization',
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      ];
      break;
    default:
      header = null;
  }
  staticHeaders.set(auth, header);
  return header;
}

/** Applies a system's upstream auth to outgoing request headers. */
export class UpstreamAuthenticator {
  constructor(private readonly tokens: OAuth2TokenCache) {}

  /** Set the fixed auth header of a none/api_key/bearer/basic system on `headers` (no-op for OAuth2). */
  applyStatic(system: SystemSpec, headers: Record<string, string>): void {
    const header = staticAuthHeader(system.auth);
    if (header !== null) headers[header[0]] = header[1];
  }

  /**
   * For an OAuth2 system, set `authorization: Bearer <token>` on `headers` (fetching the token when
   * needed) and resolve to the token, so a 401 can invalidate it. Resolves to `undefined` otherwise.
   */
  async applyToken(
    system: SystemSpec,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const auth = system.auth;
    if (auth.type !== 'oauth2_client_credentials') return undefined;
    const token = await raceAbort(this.tokens.get(system, auth), signal);
    headers.authorization = `Bearer ${token}`;
    return token;
  }

  /** Forget an OAuth2 token the upstream rejected (no-op for other auth types). */
  invalidate(system: SystemSpec, token: string): void {
    if (system.auth.type === 'oauth2_client_credentials') this.tokens.invalidate(system.auth, token);
  }
}
