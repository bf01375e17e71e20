/** Headers of every OAuth response that must not be cached (tokens, codes, errors). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/**
 * Headers of the sign-in and consent pages: no caching, no framing, no scripts, and a referrer
 * only to this origin (so a browser's form post carries its real `Origin`, and the authorization
 * URL never leaks to another site).
 */
export const PAGE_HEADERS = {
  ...NO_STORE,
  'Content-Type': 'text/html; charset=utf-8',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'same-origin',
};
