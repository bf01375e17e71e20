import type { Context, Hono } from 'hono';
import { createAdminApi } from '../admin/index.js';
import { AuditLog } from '../audit/index.js';
import { AccessService, devPrincipal } from '../auth/index.js';
import type { Principal } from '../auth/types.js';
import { PorticoError } from '../errors/index.js';
import { clientAddressResolver, type EdgeSecurity } from '../http/index.js';
import { Limits } from '../limits/index.js';
import { createOAuth, OAuthGrants, type OAuthService } from '../oauth/index.js';
import { type Logger, Metrics } from '../observability/index.js';
import { loadSecretKey, SecretBox, TenantSecrets } from '../secrets/index.js';
import { isLoopbackHost, type PorticoConfig } from '../spec/index.js';
import type { Store } from '../store/index.js';
import { type LimiterBackendFactory, limiterBackendFactory } from './backends.js';

/** Options of {@link createSecurity}. */
export interface SecurityOptions {
  store: Store;
  config: PorticoConfig;
  dataDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  host: string;
  /** Serve without tokens as `auth.dev_tenant` (loopback hosts only). */
  noAuth: boolean;
  /** Admin API credential (default `PORTICO_ADMIN_TOKEN`); the admin API is disabled without one. */
  adminToken?: string;
  /** The limit counters' backend (default this process's memory; see {@link limiterBackendFactory}). */
  limiterBackend?: LimiterBackendFactory;
}

/** Tenancy, tokens, secrets, limits, audit and metrics of one running gateway. */
export interface SecurityServices {
  access: AccessService;
  secrets: TenantSecrets;
  limits: Limits;
  audit: AuditLog;
  metrics: Metrics;
  /** What the HTTP edge uses. */
  edge: EdgeSecurity;
  admin: Hono;
  /** OAuth 2.1 (`oauth.mode` builtin or external); undefined when off. Changing the mode needs a restart. */
  oauth?: OAuthService;
  /** Apply a reloaded config (limits, audit retention and argument recording). */
  configure(config: PorticoConfig): void;
  /** Flush audit rows and token use, stop timers. */
  close(): Promise<void>;
}

/** Build the security services over the store (refuses `--no-auth` on a non-loopback host). */
export async function createSecurity(opts: SecurityOptions): Promise<SecurityServices> {
  const { store, logger } = opts;
  if (opts.noAuth && !isLoopbackHost(opts.host)) {
    throw new PorticoError(
      'invalid_input',
      `--no-auth serves /mcp without any credential, so it is only allowed on a loopback host (127.0.0.1, ::1, localhost); got --host ${opts.host}. Remove --no-auth, or bind to 127.0.0.1.`,
    );
  }
  const { key } = await loadSecretKey({ env: opts.env, dataDir: opts.dataDir, logger });
  const box = new SecretBox(key);
  const secrets = new TenantSecrets(store, box);
  const access = new AccessService(store, { logger });
  let config = opts.config;
  const metrics = new Metrics();
  const limits = new Limits(config.limits, (opts.limiterBackend ?? limiterBackendFactory())(metrics));
  const audit = new AuditLog(store, { logger, retentionDays: config.audit.retentionDays, metrics });
  audit.start();
  // Read per request, so a reload of server.trusted_proxies applies at once.
  const clientAddress = clientAddressResolver(() => config.server.trustedProxies);
  let dev: Principal | undefined;
  if (opts.noAuth) {
    const id = config.auth.devTenant;
    const tenant = (await access.getTenant(id)) ?? (await access.createTenant({ id }));
    dev = devPrincipal(tenant);
    logger.warn(
      { tenant: id },
      '--no-auth: /mcp accepts requests without a token, all as this tenant (development only)',
    );
  }
  const oauth =
    config.oauth === undefined
      ? undefined
      : await createOAuth({
          config: config.oauth,
          ...(config.server.publicUrl !== undefined ? { publicUrl: config.server.publicUrl } : {}),
          allowedHosts: config.server.allowedHosts,
          store,
          box,
          secretKey: key,
          limiter: limits,
          clientAddress,
          logger,
        });
  if (oauth !== undefined) logger.info({ mode: oauth.mode }, 'OAuth sign-in enabled for /mcp');
  const edge: EdgeSecurity = {
    authenticator: access,
    limits,
    audit,
    metrics,
    recordArguments: () => config.audit.recordArguments,
    clientAddress,
    auditDurability: () => config.audit.durability,
    logger,
    ...(dev !== undefined ? { devPrincipal: dev } : {}),
    ...(oauth !== undefined
      ? { oauth, challengeParams: (c: Context, view: string) => oauth.challengeParams(c, view) }
      : {}),
  };
  const adminToken = opts.adminToken ?? nonEmpty(opts.env.PORTICO_ADMIN_TOKEN);
  const admin = createAdminApi({
    access,
    secrets,
    audit,
    grants: new OAuthGrants(store),
    adminToken,
    limits,
    logger,
    clientAddress,
  });
  return {
    access,
    secrets,
    limits,
    audit,
    metrics,
    edge,
    admin,
    ...(oauth !== undefined ? { oauth } : {}),
    configure(next) {
      config = next;
      limits.setConfig(next.limits);
      audit.setRetentionDays(next.audit.retentionDays);
    },
    async close() {
      oauth?.close();
      await audit.close();
      await access.close();
    },
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
