import { PorticoError } from '../errors/index.js';

/**
 * The canonical form of a gateway's MCP URL, used as the credentials key: lower-case scheme and host,
 * no default port, no query/fragment, no trailing slash, and `/mcp` when no path is given
 * (`https://mcp.example.com` → `https://mcp.example.com/mcp`).
 */
export function normalizeGatewayUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new PorticoError(
      'invalid_input',
      `"${input}" is not a URL. Give the gateway's MCP URL, e.g. https://mcp.example.com/mcp.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PorticoError(
      'invalid_input',
      `"${input}" must be an http(s) URL, e.g. https://mcp.example.com/mcp.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new PorticoError(
      'invalid_input',
      `Put no credentials in the gateway URL; use portico login instead.`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path === '' ? '/mcp' : path}`;
}

/** The MCP endpoint for a view: `<gateway>/<view>` (the gateway URL names the default `/mcp`). */
export function viewUrl(gatewayUrl: string, view: string | undefined): string {
  if (view === undefined || view === '' || view === 'default') return gatewayUrl;
  if (!/^[A-Za-z0-9_.-]+$/.test(view)) {
    throw new PorticoError(
      'invalid_input',
      `View "${view}" is not a valid view name (letters, digits, _ . -).`,
    );
  }
  return `${gatewayUrl}/${view}`;
}

/** Candidate credential keys for an endpoint: itself, then its parent `/mcp` URL for `/mcp/<view>`. */
export function credentialKeys(gatewayUrl: string): string[] {
  const keys = [gatewayUrl];
  const m = /^(.*\/mcp)\/[^/]+$/.exec(gatewayUrl);
  if (m?.[1] !== undefined) keys.push(m[1]);
  return keys;
}
