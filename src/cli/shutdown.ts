import type { Logger } from '../observability/index.js';

/**
 * Close gracefully on SIGINT/SIGTERM (a second signal exits at once); reload the catalogue on
 * SIGHUP when `reload` is given.
 */
export function onShutdownSignals(
  logger: Logger,
  close: () => Promise<void>,
  reload?: () => Promise<boolean>,
): void {
  if (reload !== undefined) {
    process.on('SIGHUP', () => {
      logger.info({ signal: 'SIGHUP' }, 'reloading the catalogue');
      void reload();
    });
  }
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight calls');
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
