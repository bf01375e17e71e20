import { LOOPBACK_HOSTS } from '../spec/index.js';

/** True for `http://127.0.0.1`, `http://localhost` and `http://[::1]` URLs (any port, RFC 8252 §7.3). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * Why a redirect URI may not be registered, or undefined when it may: it must be an absolute
 * `https` URL or a loopback `http` URL, without a fragment.
 */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URL`;
  }
  if (url.hash !== '' || uri.includes('#')) return `"${uri}" must not have a fragment`;
  if (url.username !== '' || url.password !== '') return `"${uri}" must not contain credentials`;
  if (url.protocol === 'https:') return undefined;
  if (isLoopbackHttp(url)) return undefined;
  return `"${uri}" must use https, or http on a loopback address (127.0.0.1, localhost, [::1])`;
}

/**
 * Does the presented redirect URI match a registered one? Exact string match, except that for
 * loopback `http` URIs the port may differ (RFC 8252 §7.3: native apps pick a free port).
 */
export function redirectUriMatches(registered: readonly string[], presented: string): boolean {
  if (registered.includes(presented)) return true;
  let p: URL;
  try {
    p = new URL(presented);
  } catch {
    return false;
  }
  if (!isLoopbackHttp(p) || presented.includes('#')) return false;
  return registered.some((r) => {
    let u: URL;
    try {
      u = new URL(r);
    } catch {
      return false;
    }
    return (
      isLoopbackHttp(u) &&
      u.hostname.toLowerCase() === p.hostname.toLowerCase() &&
      u.pathname === p.pathname &&
      u.search === p.search
    );
  });
}
