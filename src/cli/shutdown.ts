import type { Logger } from '../observability/index.js';
import type { CliIo, CliSignal } from './io.js';

/** What {@link onShutdown} returns. */
export interface Shutdown {
  /** Resolves with the exit code once closed: 0, or 1 when closing failed or a second signal came. */
  done: Promise<number>;
  /** Stop listening for signals without closing anything (startup failed). */
  cancel(): void;
}

/**
 * Listen now for SIGINT/SIGTERM: the first closes gracefully, a second one while closing leaves
 * at once (`io.exitNow(1)`); SIGHUP calls `reload` when given. Listening starts before the server
 * is up, so `close` and `reload` may wait for it. The handlers are removed once done or cancelled.
 */
export function onShutdown(
  io: Pick<CliIo, 'onSignal' | 'exitNow'>,
  logger: Logger,
  close: () => Promise<void>,
  reload?: () => Promise<boolean>,
): Shutdown {
  const off: Array<() => void> = [];
  const cancel = () => {
    for (const stop of off.splice(0)) stop();
  };
  const done = new Promise<number>((resolve) => {
    const finish = (code: number) => {
      cancel();
      resolve(code);
    };
    if (reload !== undefined) {
      off.push(
        io.onSignal('SIGHUP', () => {
          logger.info({ signal: 'SIGHUP' }, 'reloading the catalogue');
          reload().catch((err: unknown) => logger.error({ err }, 'reload failed'));
        }),
      );
    }
    let stopping = false;
    const onStop = (signal: CliSignal) => () => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        io.exitNow(1);
        finish(1);
        return;
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing in-flight calls');
      close().then(
        () => {
          logger.info('stopped');
          finish(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'error during shutdown');
          finish(1);
        },
      );
    };
    off.push(io.onSignal('SIGINT', onStop('SIGINT')), io.onSignal('SIGTERM', onStop('SIGTERM')));
  });
  return { done, cancel };
}
