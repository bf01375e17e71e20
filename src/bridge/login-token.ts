import type { CredentialsStore } from './credentials.js';
import { BridgeError } from './errors.js';
import { GatewayConnection } from './gateway-connection.js';
import { StaticTokenSource } from './tokens.js';

/** The first characters of a token, safe to show (never the secret part). */
export function tokenHint(token: string): string {
  return `${token.slice(0, Math.min(8, Math.floor(token.length / 3)))}…`;
}

/**
 * `portico login <url> --token mcp_…`: check the token with a tools/list call, then save it.
 * Returns how many tools the token can see.
 */
export async function loginWithToken(
  store: CredentialsStore,
  gatewayUrl: string,
  token: string,
  env?: Record<string, string | undefined>,
): Promise<{ tools: number }> {
  if (!/^mcp_\S+$/.test(token)) {
    throw new BridgeError('auth', 'That does not look like a Portico token: tokens start with "mcp_".');
  }
  const gateway = new GatewayConnection({
    endpoint: gatewayUrl,
    tokens: new StaticTokenSource(gatewayUrl, token),
    ...(env !== undefined ? { env } : {}),
  });
  let tools: number;
  try {
    tools = (await gateway.listTools()).tools.length;
  } finally {
    await gateway.close();
  }
  await store.set(gatewayUrl, { kind: 'token', token, saved_at: new Date().toISOString() });
  return { tools };
}
