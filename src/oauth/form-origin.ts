/**
 * Whether a browser form post to the sign-in or consent page came from this gateway's own pages.
 *
 * Browsers say where a request comes from in two headers: `Sec-Fetch-Site` (Chromium, Firefox,
 * Safari ≥ 16.4) and `Origin` (every browser on POST). The pages are served with
 * `Referrer-Policy: same-origin`, so a same-origin post carries the page's real origin; an
 * `Origin: null` (sent under `no-referrer`, from sandboxed frames or `data:` pages) is accepted
 * only when the browser also vouches `Sec-Fetch-Site: same-origin`. Requests with neither header
 * do not come from a browser page (CLIs, scripts) and cannot be forged cross-site, so they pass;
 * the signed form token is still required either way.
 *
 * Returns `undefined` when the post may proceed, else why it is refused (for the log).
 */
export function crossSiteFormPost(
  headers: { secFetchSite: string | undefined; origin: string | undefined },
  ownOrigin: string,
): string | undefined {
  const site = headers.secFetchSite?.trim().toLowerCase();
  const origin = headers.origin?.trim();
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site: ${site}`;
  if (origin === undefined) return undefined;
  if (origin === 'null') return site === 'same-origin' ? undefined : 'Origin: null';
  return origin === ownOrigin ? undefined : `Origin: ${origin}`;
}
