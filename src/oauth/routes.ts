import type { Context } from 'hono';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { SCOPES } from '../auth/types.js';
import { DEFAULT_VIEW } from '../catalog/index.js';
import type { LimitDecision } from '../limits/types.js';
import type { Logger } from '../observability/index.js';
import { type ClientRegistry, OAuthError, type ResolvedClient } from './clients.js';
import type { FormTokens } from './form-token.js';
import type { SigningKeys } from './keys.js';
import { type ClientFacts, consentPage, errorPage, signInPage } from './pages.js';
import { isS256Challenge } from './pkce.js';
import { redirectUriMatches } from './redirect-uri.js';
import { parseScopeParam } from './scopes.js';
import { type AuthorizationRequest, type AuthorizationServer, CODE_TTL_SEC } from './server.js';
import { type PublicUrls, resourceUrl, viewOfResource } from './urls.js';
import type { OAuthUsers } from './users.js';
import type { BuiltinVerifier } from './verifier.js';

/** Failed sign-in throttling per client address (implemented by `limits/Limits`). */
export interface SignInLimiter {
  authBlocked(address: string): Promise<LimitDecision>;
  authFailed(address: string): Promise<LimitDecision>;
}

/** The built-in authorization server's parts (absent in external mode). */
export interface BuiltinParts {
  server: AuthorizationServer;
  clients: ClientRegistry;
  users: OAuthUsers;
  keys: SigningKeys;
  forms: FormTokens;
  verifier: BuiltinVerifier;
  dynamicRegistration: boolean;
}

/** Options of {@link createOAuthRoutes}. */
export interface OAuthRoutesOptions {
  urls: PublicUrls;
  /** The authorization server named in Protected Resource Metadata (external mode: the IdP's issuer). */
  externalIssuer?: string;
  builtin?: BuiltinParts;
  limiter: SignInLimiter;
  clientAddress: (c: Context) => string;
  /** True when the gateway serves this view (PRM of unknown views is 404). */
  hasView: (view: string) => boolean;
  logger?: Logger;
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const PAGE_HEADERS = {
  ...NO_STORE,
  'Content-Type': 'text/html; charset=utf-8',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};
const SIGN_IN_TTL_SEC = CODE_TTL_SEC;

/** The OAuth routes: Protected Resource Metadata (RFC 9728), and in builtin mode the authorization server. */
export function createOAuthRoutes(opts: OAuthRoutesOptions): Hono {
  const app = new Hono();
  const { urls } = opts;
  const open = cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'MCP-Protocol-Version'] });
  app.use('/.well-known/*', open);
  for (const p of ['/oauth/token', '/oauth/register', '/oauth/revoke', '/oauth/jwks']) app.use(p, open);

  const withBase = (c: Context, fn: (base: string) => Response | Promise<Response>) => {
    const base = urls.base(c);
    if (base === undefined) {
      return c.json(
        {
          error: 'invalid_request',
          error_description: 'Host not allowed: add it to server.allowed_hosts or set server.public_url.',
        },
        403,
      );
    }
    return fn(base);
  };

  const prm = (c: Context, view: string) =>
    withBase(c, (base) => {
      if (!opts.hasView(view))
        return c.json({ error: 'not_found', error_description: `No view "${view}".` }, 404);
      return c.json({
        resource: resourceUrl(base, view),
        authorization_servers: [opts.externalIssuer ?? base],
        scopes_supported: [...SCOPES],
        bearer_methods_supported: ['header'],
        resource_name: view === DEFAULT_VIEW ? 'Portico' : `Portico (${view})`,
      });
    });
  app.get('/.well-known/oauth-protected-resource', (c) => prm(c, DEFAULT_VIEW));
  app.get('/.well-known/oauth-protected-resource/mcp', (c) => prm(c, DEFAULT_VIEW));
  app.get('/.well-known/oauth-protected-resource/mcp/:view', (c) => prm(c, c.req.param('view')));

  const b = opts.builtin;
  if (b === undefined) return app;

  app.get('/.well-known/oauth-authorization-server', (c) =>
    withBase(c, (base) => c.json(authorizationServerMetadata(base, b.dynamicRegistration))),
  );
  app.get('/oauth/jwks', (c) => c.json(b.keys.jwks(), 200, { 'Cache-Control': 'public, max-age=300' }));

  app.post('/oauth/register', async (c) => {
    if (!b.dynamicRegistration) {
      return c.json(
        { error: 'invalid_request', error_description: 'Dynamic Client Registration is disabled.' },
        403,
      );
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json(
        { error: 'invalid_client_metadata', error_description: 'The body must be JSON.' },
        400,
        NO_STORE,
      );
    }
    try {
      return c.json(await b.clients.register(body), 201, NO_STORE);
    } catch (err) {
      return oauthErrorResponse(c, err);
    }
  });

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
        scopes = parseScopeParam(q.scope);
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
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(base).origin) {
        return c.html(
          errorPage('Cannot sign in', 'This form was posted from another site.'),
          403,
          PAGE_HEADERS,
        );
      }
      const form = await c.req.parseBody();
      const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
      const step = field('step');
      const payload = b.forms.verify<{ stage: string; req: AuthorizationRequest; uid?: string }>(
        field('request'),
      );
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
        const address = opts.clientAddress(c);
        const blocked = await opts.limiter.authBlocked(address);
        if (!blocked.ok) {
          return c.html(
            signInPage({
              client: clientFacts,
              request: field('request') ?? '',
              error: `Too many failed sign-ins from your address; try again in ${blocked.retryAfterSec} s.`,
            }),
            429,
            { ...PAGE_HEADERS, 'Retry-After': String(blocked.retryAfterSec) },
          );
        }
        const email = field('email') ?? '';
        const user = await b.users.authenticate(email, field('password') ?? '');
        if (user === undefined) {
          await opts.limiter.authFailed(address);
          return c.html(
            signInPage({
              client: clientFacts,
              request: field('request') ?? '',
              email,
              error: 'Wrong email or password.',
            }),
            401,
            PAGE_HEADERS,
          );
        }
        const consent = b.forms.sign({ stage: 'consent', req, uid: user.id }, SIGN_IN_TTL_SEC);
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
      if (step === 'consent' && payload.uid !== undefined) {
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
        const code = await b.server.approve(req, user, client);
        return redirectWithParams(c, req.redirectUri, { code, state: req.state, iss: base });
      }
      return c.html(errorPage('Cannot sign in', 'Unknown form step.'), 400, PAGE_HEADERS);
    }),
  );

  app.post('/oauth/token', (c) =>
    withBase(c, async (base) => {
      try {
        const form = await formOf(c);
        const client = await authenticateClient(c, form, b.clients);
        const grantType = form.grant_type;
        if (grantType === 'authorization_code') {
          return c.json(
            await b.server.exchangeCode(
              {
                code: form.code,
                redirectUri: form.redirect_uri,
                codeVerifier: form.code_verifier,
                resource: form.resource,
              },
              client,
              base,
            ),
            200,
            NO_STORE,
          );
        }
        if (grantType === 'refresh_token') {
          return c.json(
            await b.server.refresh(
              {
                refreshToken: form.refresh_token,
                resource: form.resource,
                ...(form.scope !== undefined && form.scope !== ''
                  ? { scope: parseScopeParam(form.scope) }
                  : {}),
              },
              client,
              base,
            ),
            200,
            NO_STORE,
          );
        }
        throw new OAuthError(
          grantType === undefined ? 'invalid_request' : 'unsupported_grant_type',
          grantType === undefined ? 'grant_type is required.' : `grant_type "${grantType}" is not supported.`,
        );
      } catch (err) {
        return oauthErrorResponse(c, err);
      }
    }),
  );

  app.post('/oauth/revoke', (c) =>
    withBase(c, async (base) => {
      try {
        const form = await formOf(c);
        const client = await authenticateClient(c, form, b.clients);
        const token = form.token;
        if (token === undefined || token === '')
          throw new OAuthError('invalid_request', 'token is required.');
        if (!(await b.server.revokeRefreshToken(token, client.id))) {
          const claims = await b.verifier.claims(token, base, true);
          const grant = claims?.portico_grant;
          if (typeof grant === 'string') await b.server.revokeGrant(grant, client.id);
        }
        // RFC 7009 §2.2: 200 whether or not the token was known.
        return c.body(null, 200, NO_STORE);
      } catch (err) {
        return oauthErrorResponse(c, err);
      }
    }),
  );
  return app;
}

/** RFC 8414 metadata of the built-in authorization server. */
export function authorizationServerMetadata(
  base: string,
  dynamicRegistration: boolean,
): Record<string, unknown> {
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    ...(dynamicRegistration ? { registration_endpoint: `${base}/oauth/register` } : {}),
    revocation_endpoint: `${base}/oauth/revoke`,
    jwks_uri: `${base}/oauth/jwks`,
    scopes_supported: [...SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    code_challenge_methods_supported: ['S256'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
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
  return { name: client.name, host };
}

function redirectWithParams(c: Context, to: string, params: Record<string, string | undefined>): Response {
  const url = new URL(to);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return c.body(null, 303, { Location: url.toString(), ...NO_STORE });
}

async function formOf(c: Context): Promise<Record<string, string | undefined>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }
  const params = new URLSearchParams(await c.req.text());
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of params) {
    if (k in out) throw new OAuthError('invalid_request', `Parameter "${k}" is repeated.`);
    out[k] = v;
  }
  return out;
}

/** Client authentication at the token and revocation endpoints (`none`, `client_secret_post`, `client_secret_basic`). */
async function authenticateClient(
  c: Context,
  form: Record<string, string | undefined>,
  clients: ClientRegistry,
): Promise<ResolvedClient> {
  let id = form.client_id;
  let secret = form.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (basic !== null) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'Malformed Basic credentials.', 401);
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (id === undefined || id === '') throw new OAuthError('invalid_client', 'client_id is required.', 401);
  let client: ResolvedClient | undefined;
  try {
    client = await clients.resolve(id);
  } catch (err) {
    throw err instanceof OAuthError ? new OAuthError('invalid_client', err.description, 401) : err;
  }
  if (client === undefined) throw new OAuthError('invalid_client', 'Unknown client.', 401);
  if (client.authMethod !== 'none' && !clients.secretMatches(client, secret)) {
    throw new OAuthError('invalid_client', 'Client authentication failed.', 401);
  }
  return client;
}

function oauthErrorResponse(c: Context, err: unknown): Response {
  if (err instanceof OAuthError) {
    const headers: Record<string, string> = { ...NO_STORE };
    if (err.status === 401) headers['WWW-Authenticate'] = 'Basic realm="portico"';
    return c.json({ error: err.error, error_description: err.description }, err.status as 400, headers);
  }
  throw err;
}
