import { type Context, Hono } from 'hono';
import { type AuditLog, parseSince } from '../audit/index.js';
import { type AccessService, adminTokenMatches, bearerFrom } from '../auth/index.js';
import { PorticoError } from '../errors/index.js';
import type { AuthThrottle } from '../limits/index.js';
import { grantJson, type OAuthGrants } from '../oauth/index.js';
import type { Logger } from '../observability/index.js';
import type { TenantSecrets } from '../secrets/index.js';
import type { AuditFilter, Tenant } from '../store/types.js';
import { readJsonBody, validateInput } from './body.js';
import { adminError, adminErrorFromThrown } from './errors.js';
import {
  auditQuery,
  createTenantBody,
  createTokenBody,
  emptyQuery,
  listGrantsQuery,
  listTokensQuery,
  putSecretBody,
} from './schemas.js';
import { auditRowJson, tenantJson, tenantSecretJson, tokenJson } from './serialize.js';

/** Options of {@link createAdminApi}. */
export interface AdminApiOptions {
  access: AccessService;
  secrets: TenantSecrets;
  audit: AuditLog;
  /** Users' OAuth grants (consents); without it the /grants routes answer 404. */
  grants?: OAuthGrants;
  /** The admin credential (`PORTICO_ADMIN_TOKEN`); undefined disables the API (every route 404). */
  adminToken: string | undefined;
  /** Throttles failed admin authentications per client address. */
  limits?: Pick<AuthThrottle, 'authFailed'>;
  logger: Logger;
  /** The client's address for throttling (default `unknown`: one shared bucket). */
  clientAddress?: (c: Context) => string;
}

/** Realm of the admin API's `WWW-Authenticate` challenge. */
export const ADMIN_REALM = 'portico-admin';

const DISABLED_MESSAGE = 'The admin API is disabled: set PORTICO_ADMIN_TOKEN to enable it.';
const UNAUTHENTICATED_MESSAGE =
  'Unauthorized: the admin API needs Authorization: Bearer <admin token> with the value of PORTICO_ADMIN_TOKEN.';

/**
 * The admin HTTP API as a web-standard Hono app, meant to be mounted at `/admin/api`:
 * tenants, their upstream credentials, `mcp_` tokens and the audit trail. JSON in and out;
 * every error is `{ "error": { "code", "message" } }` with the code's HTTP status.
 */
export function createAdminApi(opts: AdminApiOptions): Hono {
  const { access, secrets, audit, grants, adminToken, limits, logger } = opts;
  const addressOf = opts.clientAddress ?? (() => 'unknown');
  const app = new Hono();

  app.onError((err, c) => adminErrorFromThrown(c, err, logger));

  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (adminToken === undefined) return adminError(c, 'admin_disabled', DISABLED_MESSAGE);
    // The credential first: a valid admin token is never refused by the address throttle; only
    // failures count, and once the address is over the limit they answer 429.
    const header = c.req.header('authorization');
    const presented = bearerFrom(header);
    if (presented === undefined || !adminTokenMatches(adminToken, presented)) {
      if (header !== undefined) {
        const address = addressOf(c);
        logger.warn({ address, path: c.req.path }, 'admin API: authentication failed');
        const counted = await limits?.authFailed(address);
        if (counted !== undefined && !counted.ok) {
          return adminError(
            c,
            'auth_throttled',
            `Too many failed admin authentications from your address (${counted.rule}); retry after ${counted.retryAfterSec} s (at ${counted.resetAt.toISOString()}).`,
            { 'Retry-After': String(counted.retryAfterSec) },
          );
        }
      }
      return adminError(c, 'unauthenticated', UNAUTHENTICATED_MESSAGE, {
        'WWW-Authenticate': `Bearer realm="${ADMIN_REALM}"`,
      });
    }
    await next();
  });

  const requireTenant = async (id: string): Promise<Tenant> => {
    const tenant = await access.getTenant(id);
    if (tenant === undefined) {
      throw new PorticoError(
        'not_found',
        `Tenant "${id}" not found. Create it with POST /admin/api/tenants {"id": "${id}"} (or: portico tenants create ${id}).`,
      );
    }
    return tenant;
  };

  const findToken = async (id: string) => {
    const token = await access.getToken(id);
    if (token === undefined) {
      throw new PorticoError('not_found', `Token "${id}" not found. List tokens with GET /admin/api/tokens.`);
    }
    return token;
  };

  app.get('/tenants', async (c) => {
    validateInput(emptyQuery, c.req.query(), 'query');
    const tenants = await access.listTenants();
    return c.json({ tenants: tenants.map(tenantJson) });
  });

  app.post('/tenants', async (c) => {
    const body = validateInput(createTenantBody, await readJsonBody(c), 'request body');
    const tenant = await access.createTenant({
      id: body.id,
      ...(body.name !== undefined ? { name: body.name } : {}),
    });
    logger.info({ tenant: tenant.id }, 'admin API: tenant created');
    return c.json(tenantJson(tenant), 201);
  });

  app.get('/tenants/:id', async (c) => {
    validateInput(emptyQuery, c.req.query(), 'query');
    const tenant = await requireTenant(c.req.param('id'));
    const list = await secrets.list(tenant.id);
    return c.json({ ...tenantJson(tenant), secrets: list.map(tenantSecretJson) });
  });

  app.put('/tenants/:id/secrets/:system', async (c) => {
    const tenant = await requireTenant(c.req.param('id'));
    const system = c.req.param('system');
    const body = validateInput(putSecretBody, await readJsonBody(c), 'request body');
    await secrets.set(tenant.id, system, body.value);
    logger.info({ tenant: tenant.id, system }, 'admin API: tenant credential set');
    return c.body(null, 204);
  });

  app.delete('/tenants/:id/secrets/:system', async (c) => {
    const tenant = await requireTenant(c.req.param('id'));
    const system = c.req.param('system');
    if (!(await secrets.delete(tenant.id, system))) {
      throw new PorticoError(
        'not_found',
        `Tenant "${tenant.id}" has no credential for system "${system}". See GET /admin/api/tenants/${tenant.id}.`,
      );
    }
    logger.info({ tenant: tenant.id, system }, 'admin API: tenant credential deleted');
    return c.body(null, 204);
  });

  app.get('/tokens', async (c) => {
    const query = validateInput(listTokensQuery, c.req.query(), 'query');
    if (query.tenant !== undefined) await requireTenant(query.tenant);
    const tokens = await access.listTokens(query.tenant !== undefined ? { tenantId: query.tenant } : {});
    const now = new Date();
    return c.json({ tokens: tokens.map((t) => tokenJson(t, now)) });
  });

  app.post('/tokens', async (c) => {
    const body = validateInput(createTokenBody, await readJsonBody(c), 'request body');
    await requireTenant(body.tenant);
    const { token, secret } = await access.createToken({
      tenantId: body.tenant,
      label: body.label,
      ...(body.scopes !== undefined ? { scopes: body.scopes } : {}),
      ...(body.expires !== undefined ? { expires: body.expires } : {}),
      ...(body.rate_limit !== undefined && body.rate_limit !== null ? { rateLimit: body.rate_limit } : {}),
      ...(body.views !== undefined && body.views !== null ? { views: body.views } : {}),
    });
    logger.info({ tenant: token.tenantId, tokenId: token.id }, 'admin API: token created');
    return c.json({ token: tokenJson(token), secret }, 201);
  });

  app.get('/tokens/:id', async (c) => {
    validateInput(emptyQuery, c.req.query(), 'query');
    return c.json(tokenJson(await findToken(c.req.param('id'))));
  });

  app.delete('/tokens/:id', async (c) => {
    const token = await access.revokeToken((await findToken(c.req.param('id'))).id);
    logger.info({ tenant: token.tenantId, tokenId: token.id }, 'admin API: token revoked');
    return c.json(tokenJson(token));
  });

  const requireGrants = (): OAuthGrants => {
    if (grants === undefined) {
      throw new PorticoError('not_found', 'OAuth grants are not available on this gateway.');
    }
    return grants;
  };

  app.get('/grants', async (c) => {
    const q = validateInput(listGrantsQuery, c.req.query(), 'query');
    if (q.tenant !== undefined) await requireTenant(q.tenant);
    const list = await requireGrants().list({
      ...(q.tenant !== undefined ? { tenantId: q.tenant } : {}),
      ...(q.user !== undefined ? { user: q.user } : {}),
      includeRevoked: q.status === 'all',
    });
    return c.json({ grants: list.map(grantJson) });
  });

  app.get('/grants/:id', async (c) => {
    validateInput(emptyQuery, c.req.query(), 'query');
    return c.json(grantJson(await requireGrants().get(c.req.param('id'))));
  });

  app.delete('/grants/:id', async (c) => {
    const grant = await requireGrants().revoke(c.req.param('id'));
    logger.info({ tenant: grant.tenantId, grantId: grant.id }, 'admin API: OAuth grant revoked');
    return c.json(grantJson(grant));
  });

  app.get('/audit', async (c) => {
    const q = validateInput(auditQuery, c.req.query(), 'query');
    const now = new Date();
    const filter: AuditFilter = {};
    if (q.tenant !== undefined) filter.tenantId = q.tenant;
    if (q.tool !== undefined) filter.tool = q.tool;
    if (q.outcome !== undefined) filter.outcome = q.outcome;
    if (q.since !== undefined) filter.since = timeParam('since', q.since, now);
    if (q.until !== undefined) filter.until = timeParam('until', q.until, now);
    if (q.limit !== undefined) filter.limit = q.limit;
    const rows = await audit.query(filter);
    return c.json({ rows: rows.map(auditRowJson) });
  });

  app.all('*', (c) =>
    adminError(
      c,
      'not_found',
      `No admin API route ${c.req.method} ${c.req.path}. Routes: /tenants, /tenants/{id}, /tenants/{id}/secrets/{system}, /tokens, /tokens/{id}, /grants, /grants/{id}, /audit.`,
    ),
  );

  return app;
}

function timeParam(name: string, value: string, now: Date): Date {
  try {
    return parseSince(value, now);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new PorticoError('invalid_input', `Invalid query: "${name}": ${why}`);
  }
}
