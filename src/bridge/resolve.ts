import type { CredentialsStore, GatewayCredentials } from './credentials.js';
import { BridgeError } from './errors.js';
import type { BridgeLog } from './log.js';
import { type TokenSource, tokenSourceFor } from './tokens.js';
import { credentialKeys } from './url.js';

/** The saved credentials for an endpoint (its own entry, else its `/mcp` parent's for a view URL). */
export async function findCredentials(
  store: CredentialsStore,
  endpoint: string,
): Promise<{ key: string; entry: GatewayCredentials } | undefined> {
  const file = await store.read();
  for (const key of credentialKeys(endpoint)) {
    const entry = file.gateways[key];
    if (entry !== undefined) return { key, entry };
  }
  return undefined;
}

/** A token source that fails every call with "run portico login". */
export class MissingCredentials implements TokenSource {
  readonly kind = 'token' as const;
  constructor(readonly gatewayUrl: string) {}
  private error(): BridgeError {
    return new BridgeError(
      'not_logged_in',
      `Portico: you are not signed in to ${this.gatewayUrl}. Run: npx portico login ${this.gatewayUrl}`,
    );
  }
  async token(): Promise<string> {
    throw this.error();
  }
  async afterUnauthorized(): Promise<string> {
    throw this.error();
  }
}

/**
 * The token source for an endpoint: PORTICO_TOKEN when set (a static `mcp_` token from the client's
 * config), else the saved entry, else one that tells the user to log in.
 */
export async function resolveTokenSource(
  store: CredentialsStore,
  endpoint: string,
  opts: { env?: NodeJS.ProcessEnv; log?: BridgeLog } = {},
): Promise<TokenSource> {
  const env = opts.env ?? process.env;
  const fromEnv = env.PORTICO_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') {
    return tokenSourceFor(endpoint, { kind: 'token', token: fromEnv, saved_at: '' }, store);
  }
  const found = await findCredentials(store, endpoint);
  if (found === undefined) return new MissingCredentials(endpoint);
  return tokenSourceFor(found.key, found.entry, store, opts.log !== undefined ? { log: opts.log } : {});
}
