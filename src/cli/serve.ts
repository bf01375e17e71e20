import type { Command } from 'commander';
import { createLogger, type Logger } from '../observability/index.js';
import { startPortico } from '../runtime/index.js';
import type { CliContext } from './context.js';
import type { CliIo } from './io.js';
import { resolveCommon, resolveConfigFile } from './options.js';
import { reportError } from './report-error.js';
import { onShutdown } from './shutdown.js';

/** The gateway's logger: JSON lines on `io.stdout`, pretty when it is a terminal. */
export function serveLogger(io: Pick<CliIo, 'stdout'>, level: string): Logger {
  return createLogger({ level, destination: io.stdout, pretty: io.stdout.isTTY === true });
}

/** Options shared by `serve` and `demo`. */
export function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'interface to bind (env PORTICO_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free port (env PORTICO_PORT, default 8787)')
    .option('--data-dir <dir>', 'where portico.db lives (env PORTICO_DATA_DIR, default ./.portico)')
    .option(
      '--log-level <level>',
      'trace | debug | info | warn | error (env PORTICO_LOG_LEVEL, default info)',
    )
    .option(
      '--database-url <url>',
      'postgres://… : use PostgreSQL instead of the data dir (env PORTICO_DATABASE_URL)',
    )
    .option(
      '--redis-url <url>',
      'redis://… : share limits and change events between replicas (env PORTICO_REDIS_URL)',
    )
    .option(
      '--no-auth',
      "development only: serve /mcp without tokens as the config's auth.dev_tenant (refused unless --host is loopback)",
    );
}

/** `portico serve`: serve the configured catalogue over Streamable HTTP until SIGINT/SIGTERM. */
export function registerServe(program: Command, cli: CliContext): void {
  addServeOptions(
    program
      .command('serve')
      .description('serve the configured API as an MCP server at /mcp')
      .option('-c, --config <file>', 'config file (default: $PORTICO_CONFIG or ./portico.yaml)'),
  ).action(
    async (flags: {
      config?: string;
      host?: string;
      port?: string;
      dataDir?: string;
      logLevel?: string;
      auth?: boolean;
      databaseUrl?: string;
      redisUrl?: string;
    }) => {
      const { io } = cli;
      try {
        const common = resolveCommon(flags, io);
        const logger = serveLogger(io, common.logLevel);
        // Listen for signals before the server is up: a Ctrl+C during startup closes it once started.
        const shutdown = onShutdown(
          io,
          logger,
          async () => (await started).close(),
          async () => (await started).reload(),
        );
        const started = startPortico({
          configFile: resolveConfigFile(flags.config, io),
          ...common,
          logger,
          env: io.env,
          noAuth: flags.auth === false,
          ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
          ...(flags.redisUrl !== undefined ? { redisUrl: flags.redisUrl } : {}),
        });
        try {
          await started;
        } catch (err) {
          shutdown.cancel();
          throw err;
        }
        cli.exitCode = await shutdown.done;
      } catch (err) {
        cli.exitCode = reportError(cli, err);
      }
    },
  );
}
