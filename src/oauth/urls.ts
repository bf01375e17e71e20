import type { Context } from 'hono';
import { DEFAULT_VIEW, LOOPBACK_HOSTS } from '../spec/index.js';

/** Where the gateway is reachable: the configured public URL, else each request's own origin. */
export class PublicUrls {
  private readonly publicUrl: string | undefined;
  private readonly allowedHosts: Set<string>;

  constructor(opts: { publicUrl?: string; allowedHosts?: string[] }) {
    this.publicUrl = opts.publicUrl?.replace(/\/+$/, '');
    this.allowedHosts = new Set([
      ...LOOPBACK_HOSTS,
      ...(opts.allowedHosts ?? []).map((h) => h.toLowerCase()),
    ]);
  }

  /**
   * The base URL (no trailing slash) for this request: `server.public_url` when set, else the
   * request's origin when its host is loopback or in `server.allowed_hosts`; undefined otherwise
   * (a forged Host must never become an issuer or audience).
   */
  base(c: Context): string | undefined {
    if (this.publicUrl !== undefined) return this.publicUrl;
    let url: URL;
    try {
      url = new URL(c.req.url);
    } catch {
      return undefined;
    }
    const host = url.hostname.toLowerCase();
    const bare = host.startsWith('[') ? host : host.replace(/^\[|\]$/g, '');
    if (!this.allowedHosts.has(host) && !this.allowedHosts.has(bare)) return undefined;
    return url.origin;
  }
}

/** The resource URL (RFC 8707 / RFC 9728) of a view: `<base>/mcp` or `<base>/mcp/<view>`. */
export function resourceUrl(base: string, view: string): string {
  return view === DEFAULT_VIEW ? `${base}/mcp` : `${base}/mcp/${encodeURIComponent(view)}`;
}

/** The Protected Resource Metadata URL of a view (path-inserted `.well-known`, RFC 9728 §3.1). */
export function protectedResourceMetadataUrl(base: string, view: string): string {
  return view === DEFAULT_VIEW
    ? `${base}/.well-known/oauth-protected-resource/mcp`
    : `${base}/.well-known/oauth-protected-resource/mcp/${encodeURIComponent(view)}`;
}

/** The view a resource URL names (`<base>/mcp` → default view), or undefined when it is not one of ours. */
export function viewOfResource(base: string, resource: string): string | undefined {
  const r = resource.replace(/\/+$/, '');
  if (r === `${base}/mcp`) return DEFAULT_VIEW;
  const prefix = `${base}/mcp/`;
  if (!r.startsWith(prefix)) return undefined;
  const rest = r.slice(prefix.length);
  if (rest === '' || rest.includes('/') || rest.includes('?') || rest.includes('#')) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}
