import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { type ClientRegistry, OAuthError, type ResolvedClient } from './clients.js';
import { crossSiteFormPost } from './form-origin.js';
import { NO_STORE, PAGE_HEADERS } from './headers.js';
import { type ClientFacts, consentPage, errorPage, signInPage } from './pages.js';
import { isS256Challenge } from './pkce.js';
import { redirectUriMatches } from './redirect-uri.js';
import type { BuiltinParts, OAuthRoutesOptions } from './route-options.js';
import { parseScopeParam } from './scopes.js';
import { type AuthorizationRequest, CODE_TTL_SEC } from './server.js';
import { throttledSignIn } from './sign-in-throttle.js';
import { resourceUrl, viewOfResource } from './urls.js';

const SIGN_IN_TTL_SEC = CODE_TTL_SEC;

/** Runs `fn` with the gateway's public base URL, or answers 403 for a Host it may not use. */
export type WithBase = (
  c: Context,
  fn: (base: string) => Response | Promise<Response>,
) => Response | Promise<Response>;

/**
 * `GET`/`POST /oauth/authorize`: the browser part of the authorization code flow — request checks,
 * the sign-in page (throttled per address), the consent page, and the redirect back with `code`,
 * `state` and `iss` (RFC 9207), or `access_denied`.
 */
export function registerAuthorizeRoutes(
  app: Hono,
  opts: OAuthRoutesOptions,
  b: BuiltinParts,
  withBase: WithBase,
): void {
  app.get('/oauth/authorize', (c) =>
    withBase(c, async (base) => {
      const q = c.req.query();
      const early = await clientAndRedirect(b.clients, q.client_id, q.redirect_uri);
      if ('page' in early) return c.html(errorPage('Cannot sign in', early.page), 400, PAGE_HEADERS);
      const { client, redirectUri } = early;
      const back = (error: string, description: string) =>
        redirectWithParams(c, redirectUri, {
          error,
          error_description: description,
          state: q.state,
          iss: base,
        });
      if (q.response_type !== 'code')
        return back('unsupported_response_type', 'response_type must be "code".');
      if (q.code_challenge === undefined || !isS256Challenge(q.code_challenge)) {
        return back('invalid_request', 'code_challenge is required (PKCE).');
      }
      if (q.code_challenge_method !== 'S256')
        return back('invalid_request', 'code_challenge_method must be S256.');
      const resource = q.resource ?? `${base}/mcp`;
      const view = viewOfResource(base, resource);
      if (view === undefined || !opts.hasView(view)) {
        return back('invalid_target', `resource must be ${base}/mcp or ${base}/mcp/<view> of this gateway.`);
      }
      let scopes: AuthorizationRequest['scopes'];
      try {
        scopes = parseScopeParam(q.scope, b.defaultScopes);
      } catch (err) {
        return back('invalid_scope', (err as Error).message);
      }
      const req: AuthorizationRequest = {
        clientId: client.id,
        redirectUri,
        codeChallenge: q.code_challenge,
        ...(q.state !== undefined ? { state: q.state } : {}),
        resource: resourceUrl(base, view),
        scopes,
      };
      const token = b.forms.sign({ stage: 'signin', req }, SIGN_IN_TTL_SEC);
      return c.html(signInPage({ client: facts(client, redirectUri), request: token }), 200, PAGE_HEADERS);
    }),
  );

  app.post('/oauth/authorize', (c) =>
    withBase(c, async (base) => {
      const refused = crossSiteFormPost(
        { secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') },
        new URL(base).origin,
      );
      if (refused !== undefined) {
        opts.logger?.warn({ refused }, 'sign-in form posted from another site refused');
        return c.html(
          errorPage(
            'Cannot sign in',
            'This form was posted from another site. Start again from your application; if you did, open the sign-in link directly in your browser.',
          ),
          403,
          PAGE_HEADERS,
        );
      }
      const form = await c.req.parseBody({ all: true });
      const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
      const step = field('step');
      const payload = b.forms.verify<{
        stage: string;
        req: AuthorizationRequest;
        uid?: string;
        consent?: string;
      }>(field('request'));
      if (payload === undefined || payload.stage !== step) {
        return c.html(
          errorPage(
            'Sign-in expired',
            'This sign-in form has expired or was altered. Start again from your application.',
          ),
          400,
          PAGE_HEADERS,
        );
      }
      const req = payload.req;
      const client = await b.clients.resolve(req.clientId).catch(() => undefined);
      if (client === undefined || !redirectUriMatches(client.redirectUris, req.redirectUri)) {
        return c.html(
          errorPage('Cannot sign in', 'The application is no longer registered.'),
          400,
          PAGE_HEADERS,
        );
      }
      const clientFacts = facts(client, req.redirectUri);
      if (step === 'signin') {
        const email = field('email') ?? '';
        const attempt = await throttledSignIn(opts.limiter, opts.clientAddress(c), email, () =>
          b.users.authenticate(email, field('password') ?? ''),
        );
        if (!attempt.ok) {
          const t = attempt.throttled;
          const error =
            t === undefined
              ? 'Wrong email or password.'
              : t.limit === 'account_failures'
                ? `Too many failed sign-ins to this account; try again in ${t.retryAfterSec} s.`
                : `Wrong email or password. Too many failed sign-ins from your address; wait ${t.retryAfterSec} s before the next attempt.`;
          return c.html(
            signInPage({ client: clientFacts, request: field('request') ?? '', email, error }),
            t === undefined ? 401 : 429,
            t === undefined ? PAGE_HEADERS : { ...PAGE_HEADERS, 'Retry-After': String(t.retryAfterSec) },
          );
        }
        const user = attempt.user;
        const consent = b.forms.sign(
          { stage: 'consent', req, uid: user.id, consent: randomBytes(16).toString('base64url') },
          SIGN_IN_TTL_SEC,
        );
        return c.html(
          consentPage({
            client: clientFacts,
            request: consent,
            email: user.email,
            tenant: user.tenantId,
            scopes: req.scopes,
            resource: req.resource,
          }),
          200,
          PAGE_HEADERS,
        );
      }
      if (step === 'consent' && payload.uid !== undefined && payload.consent !== undefined) {
        if (field('decision') !== 'approve') {
          return redirectWithParams(c, req.redirectUri, {
            error: 'access_denied',
            error_description: 'The user denied access.',
            state: req.state,
            iss: base,
          });
        }
        const user = await b.users.byId(payload.uid);
        if (user === undefined || user.disabled) {
          return c.html(errorPage('Cannot sign in', 'This account is disabled.'), 403, PAGE_HEADERS);
        }
        const checked = new Set(form.scope === undefined ? [] : [form.scope].flat().map(String));
        const granted = req.scopes.filter((s) => checked.has(s));
        if (granted.length === 0) {
          return c.html(
            consentPage({
              client: clientFacts,
              request: field('request') ?? '',
              email: user.email,
              tenant: user.tenantId,
              scopes: req.scopes,
              resource: req.resource,
              error: 'Tick at least one permission to allow, or choose Deny.',
            }),
            400,
            PAGE_HEADERS,
          );
        }
        const code = await b.server.approve({ ...req, scopes: granted }, user, client, payload.consent);
        if (code === undefined) {
          return c.html(
            errorPage(
              'Already answered',
              'This consent form was already submitted, so it cannot be used again. Start again from your application if it is still waiting.',
            ),
            400,
            PAGE_HEADERS,
          );
        }
        return redirectWithParams(c, req.redirectUri, { code, state: req.state, iss: base });
      }
      return c.html(errorPage('Cannot sign in', 'Unknown form step.'), 400, PAGE_HEADERS);
    }),
  );
}

async function clientAndRedirect(
  clients: ClientRegistry,
  clientId: string | undefined,
  redirectUri: string | undefined,
): Promise<{ client: ResolvedClient; redirectUri: string } | { page: string }> {
  if (clientId === undefined || clientId === '') return { page: 'The request has no client_id.' };
  let client: ResolvedClient | undefined;
  try {
    client = await clients.resolve(clientId);
  } catch (err) {
    return { page: err instanceof OAuthError ? err.description : 'The application could not be identified.' };
  }
  if (client === undefined) return { page: `Unknown application "${clientId}": register it first.` };
  if (redirectUri === undefined) {
    if (client.redirectUris.length !== 1) return { page: 'The request has no redirect_uri.' };
    return { client, redirectUri: client.redirectUris[0]! };
  }
  if (!redirectUriMatches(client.redirectUris, redirectUri)) {
    return { page: 'The redirect_uri is not registered for this application.' };
  }
  return { client, redirectUri };
}

function facts(client: ResolvedClient, redirectUri: string): ClientFacts {
  const from = client.source === 'metadata_document' ? client.id : redirectUri;
  let host = '';
  try {
    host = new URL(from).host;
  } catch {
    host = from;
  }
  const verified = client.source === 'metadata_document' && client.id.startsWith('https://');
  return { name: client.name, host, verified };
}

function redirectWithParams(c: Context, to: string, params: Record<string, string | undefined>): Response {
  const url = new URL(to);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return c.body(null, 303, { Location: url.toString(), ...NO_STORE });
}
