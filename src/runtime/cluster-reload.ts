import type { RedisEventBus } from '../cluster/index.js';
import type { Logger } from '../observability/index.js';

/** The outcome of the last `portico reload` on this replica (shown in `/healthz`). */
export interface ClusterReloadStatus {
  requestId: string;
  at: string;
  ok: boolean;
  error?: string;
}

/**
 * Reload when `portico reload` asks every replica to, and answer with the outcome (on the bus, for
 * the command, and in {@link status} for `/healthz`).
 */
export function handleClusterReload(
  bus: RedisEventBus,
  reload: () => Promise<boolean>,
  lastError: () => { message: string } | undefined,
  logger: Logger,
): { status(): ClusterReloadStatus | undefined; stop(): void } {
  let last: ClusterReloadStatus | undefined;
  const stop = bus.onControl((m) => {
    if (m.kind !== 'reload') return;
    logger.info({ requestId: m.requestId }, 'portico reload: reloading the config');
    void reload()
      .catch(() => false)
      .then((ok) => {
        const error = ok ? undefined : (lastError()?.message ?? 'reload failed');
        last = {
          requestId: m.requestId,
          at: new Date().toISOString(),
          ok,
          ...(error !== undefined ? { error } : {}),
        };
        bus.control({
          kind: 'reload_result',
          requestId: m.requestId,
          replica: bus.replicaId,
          ok,
          ...(error !== undefined ? { error } : {}),
        });
      });
  });
  return { status: () => last, stop };
}
