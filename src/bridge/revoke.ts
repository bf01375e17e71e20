import { discoverAuthorizationServerMetadata, type FetchLike } from '@modelcontextprotocol/client';
import type { OAuthCredentials } from './credentials.js';

/**
 * Revoke a saved sign-in's refresh token (RFC 7009) at its authorization server. Returns what
 * happened, for the user; never throws (logout removes the local entry regardless).
 */
export async function revokeSignIn(
  entry: OAuthCredentials,
  fetchFn: FetchLike = (url, init) => fetch(url, init),
): Promise<'revoked' | 'no_endpoint' | 'nothing_to_revoke' | `failed: ${string}`> {
  const token = entry.refresh_token ?? entry.access_token;
  if (token === '') return 'nothing_to_revoke';
  try {
    const metadata = await discoverAuthorizationServerMetadata(entry.issuer, { fetchFn });
    const endpoint = (metadata as { revocation_endpoint?: string } | undefined)?.revocation_endpoint;
    if (endpoint === undefined) return 'no_endpoint';
    const body = new URLSearchParams({
      token,
      token_type_hint: entry.refresh_token !== undefined ? 'refresh_token' : 'access_token',
      client_id: entry.client_id,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (entry.client_secret !== undefined) {
      headers.authorization = `Basic ${Buffer.from(
        `${encodeURIComponent(entry.client_id)}:${encodeURIComponent(entry.client_secret)}`,
      ).toString('base64')}`;
    }
    const res = await fetchFn(endpoint, { method: 'POST', headers, body });
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? 'revoked' : `failed: HTTP ${res.status}`;
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  }
}
