import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ConsoleSession } from './sessions.js';

/** Headers of every console response: strict CSP (own scripts and styles only), no framing. */
export const CONSOLE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

/** True when the console is reached over https (directly, behind a proxy, or per `server.public_url`). */
export function isHttps(c: Context, publicUrl: string | undefined): boolean {
  return (
    publicUrl?.startsWith('https:') === true ||
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

/** The session cookie's name (`__Host-` prefixed over https, which also pins it to this host and path /). */
export function cookieName(secure: boolean): string {
  return secure ? '__Host-portico_console' : 'portico_console';
}

/** The session id the browser presented. */
export function sessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, cookieName(secure));
}

/** Set the session cookie: HttpOnly, SameSite=Lax, Secure over https; ends with the browser session. */
export function setSessionCookie(c: Context, session: ConsoleSession, secure: boolean): void {
  setCookie(c, cookieName(secure), session.id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, cookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/**
 * A cross-site form post? Browsers send `Origin` on every POST; it must name this host (or the
 * host of `server.public_url`, for proxies that rewrite `Host`). Requests without it — not from a
 * browser — still need the session's CSRF token.
 */
export function crossSite(c: Context, publicUrl?: string): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    const host = new URL(origin).host;
    if (publicUrl !== undefined && new URL(publicUrl).host === host) return false;
    return host !== (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return true;
  }
}

/** A same-console path to go back to after sign-in (anything else → the landing page). */
export function safeNext(next: unknown, base: string): string | undefined {
  if (typeof next !== 'string') return undefined;
  if (!next.startsWith(`${base}/`) || next.startsWith('//') || next.includes('\\')) return undefined;
  return next;
}

/** One form field as a string (first value). */
export function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** All values of a repeated form field (checkboxes). */
export function fields(body: Record<string, unknown>, name: string): string[] {
  const v = body[`${name}[]`] ?? body[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}
