import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { type ControlMessage, connectRedis, RedisEventBus } from '../cluster/index.js';
import { PorticoError } from '../errors/index.js';
import type { CliContext } from './context.js';
import { cliLogger, loadOptionalConfig } from './open-services.js';
import { reportError } from './report-error.js';

type Result = Extract<ControlMessage, { kind: 'reload_result' }>;

/** `portico reload`: every replica sharing the Redis reloads its config and reports the outcome. */
export function registerReload(program: Command, cli: CliContext): void {
  program
    .command('reload')
    .description('tell every replica (through Redis) to reload its config; prints each outcome')
    .option(
      '--redis-url <url>',
      'redis://… the replicas share (env PORTICO_REDIS_URL, or redis.url of the config)',
    )
    .option(
      '--config <file>',
      'read redis.url and redis.key_prefix from this config (default $PORTICO_CONFIG or ./portico.yaml)',
    )
    .option('--timeout <seconds>', 'how long to wait for the replicas’ answers (default 10)')
    .option('--json', 'print the outcomes as JSON')
    .action(async (flags: { redisUrl?: string; config?: string; timeout?: string; json?: boolean }) => {
      let bus: RedisEventBus | undefined;
      let disconnect: (() => void) | undefined;
      try {
        const { env } = cli.io;
        const logger = cliLogger(cli.io.stderr);
        const config = await loadOptionalConfig(flags.config, cli.io, logger);
        const url = flags.redisUrl ?? nonEmpty(env.PORTICO_REDIS_URL) ?? config?.redis?.url;
        if (url === undefined) {
          throw new PorticoError(
            'invalid_input',
            'portico reload reaches the replicas through Redis, and no Redis is configured. Pass --redis-url, set PORTICO_REDIS_URL or redis.url; a single replica without Redis reloads on SIGHUP.',
          );
        }
        const timeoutSec = Number(flags.timeout ?? '10');
        if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) {
          throw new PorticoError(
            'invalid_input',
            `--timeout must be a positive number of seconds; got ${flags.timeout}.`,
          );
        }
        const redis = await connectRedis(url, logger);
        disconnect = () => redis.disconnect();
        bus = await RedisEventBus.open(redis, config?.redis?.keyPrefix ?? 'portico:', logger);
        const requestId = randomBytes(6).toString('hex');
        const results: Result[] = [];
        let expected = Number.POSITIVE_INFINITY;
        let done: () => void = () => undefined;
        const finished = new Promise<void>((resolve) => {
          done = resolve;
        });
        bus.onControl((m) => {
          if (m.kind !== 'reload_result' || m.requestId !== requestId) return;
          results.push(m);
          if (results.length >= expected) done();
        });
        const receivers = await bus.broadcast({ kind: 'reload', requestId }).catch((err: Error) => {
          throw new PorticoError('store_error', `Cannot reach Redis to send the reload: ${err.message}.`);
        });
        expected = receivers - 1; // minus this command's own subscription
        if (expected <= 0) {
          throw new PorticoError(
            'not_found',
            'No replica is listening on this Redis (same URL and redis.key_prefix?).',
          );
        }
        if (results.length >= expected) done();
        const timer = setTimeout(done, timeoutSec * 1000);
        await finished;
        clearTimeout(timer);
        const failed = results.filter((r) => !r.ok).length;
        const missing = Math.max(0, expected - results.length);
        if (flags.json) cli.json({ requestId, replicas: expected, results, missing });
        else {
          for (const r of results) {
            cli.out(
              `replica ${r.replica}: ${r.ok ? 'reloaded' : `reload failed, previous config keeps serving: ${r.error ?? ''}`}`,
            );
          }
          if (missing > 0) cli.out(`${missing} replica(s) did not answer within ${timeoutSec}s.`);
        }
        if (failed > 0 || missing > 0) cli.exitCode = 1;
      } catch (err) {
        cli.exitCode = reportError(cli, err);
      } finally {
        bus?.close();
        disconnect?.();
      }
    });
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
