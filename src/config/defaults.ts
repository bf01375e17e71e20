/** Defaults applied to what `portico.yaml` leaves out (see docs/configuration.md). */
export const CONFIG_DEFAULTS = {
  timeoutMs: 10_000,
  connectTimeoutMs: 2_000,
  maxResponseBytes: 5 * 1024 * 1024,
  retry: true,
  pageSize: 100,
  maxBodyBytes: 1024 * 1024,
  namingStrategy: 'namespaced',
  namingSeparator: '.',
  namingMaxLength: 50,
  namingOnCollision: 'fail',
  descriptionMaxLength: 1024,
  apiKeyHeader: 'X-API-Key',
  method: 'GET',
  statusField: 'status',
  pollIntervalMs: 1_000,
  maxWaitMs: 60_000,
  mcpTimeoutMs: 30_000,
  viewSurface: 'tools',
  viewInclude: ['*'],
  devTenant: 'dev',
  tokenRate: '120/min',
  tenantRate: '600/min',
  authFailureRate: '20/min',
  accountFailureRate: '5/15min',
  auditRetentionDays: 30,
  oauthAccessTokenTtlSec: 900,
  oauthRefreshTokenTtlSec: 30 * 86_400,
  oauthTenantClaim: 'portico_tenant',
} as const;

/** Bounds of `naming.max_length`. */
export const NAMING_MAX_LENGTH_BOUNDS = { min: 16, max: 128 } as const;
