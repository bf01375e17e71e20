import type { Context } from 'hono';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { SCOPES } from '../auth/types.js';
import { DEFAULT_VIEW } from '../spec/index.js';
import { registerAuthorizeRoutes } from './authorize-routes.js';
import { type ClientRegistry, OAuthError, type ResolvedClient } from './clients.js';
import { NO_STORE } from './headers.js';
import type { OAuthRoutesOptions } from './route-options.js';
import { parseScopeParam } from './scopes.js';
import { resourceUrl } from './urls.js';

export type { BuiltinParts, OAuthRoutesOptions } from './route-options.js';
export type { SignInLimiter } from './sign-in-throttle.js';

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

  registerAuthorizeRoutes(app, opts, b, withBase);

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
