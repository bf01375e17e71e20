import { MODERN_REVISION } from './era.js';
import type { Federated } from './features.js';
import type { FederatedLogMessage, FederationLogger } from './types.js';

/**
 * `logging/setLevel` of a 2025-11-25 client, forwarded to the caller's own instance of each
 * `per_tenant` server that declares `logging` (started if needed, then left to idle-stop), unless
 * that instance speaks 2026-07-28 (which has no such method). `shared` servers are left alone: one
 * tenant's level would apply to every tenant's messages. Best effort: failures are logged.
 */
export async function forwardLogLevel(
  byName: ReadonlyMap<string, Federated>,
  level: FederatedLogMessage['level'],
  tenantKey: string,
  logger: FederationLogger,
): Promise<void> {
  await Promise.all(
    [...byName.values()].map(async (entry) => {
      if (entry.tenants === undefined || !entry.lister.extras().logging) return;
      try {
        // The tenant's 2025-11-25 connection (with `match_caller_revision`, the one its calls use).
        const lease = await entry.tenants.acquire(tenantKey, 'legacy');
        try {
          const conn = lease.conn;
          await conn.request('logging/setLevel', async (client, o) => {
            if (client.getNegotiatedProtocolVersion() !== MODERN_REVISION)
              await client.setLoggingLevel(level, o);
          });
        } finally {
          lease.release();
        }
      } catch (err) {
        logger.warn(
          { server: entry.config.name, tenant: tenantKey, error: (err as Error).message },
          'could not forward logging/setLevel to a federated MCP server',
        );
      }
    }),
  );
}
