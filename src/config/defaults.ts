/** Defaults applied to what `portico.yaml` leaves out (see docs/configuration.md). */
export const CONFIG_DEFAULTS = {
  timeoutMs: 10_000,
  connectTimeoutMs: 2_000,
  maxResponseBytes: 5 * 1024 * 1024,
  retry: true,
  pageSize: 100,
  maxBodyBytes: 1024 * 1024,
  namingStrategy: 'flat',
  namingSeparator: '_',
  apiKeyHeader: 'X-API-Key',
  method: 'GET',
} as const;
