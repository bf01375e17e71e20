import type { Command } from 'commander';
import { createLogger } from '../observability/index.js';
import { startPortico } from '../runtime/index.js';
import { resolveCommon, resolveConfigFile } from './options.js';
import { reportError } from './report-error.js';
import { onShutdownSignals } from './shutdown.js';

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

/** `portico serve`: serve the configured catalogue over Streamable HTTP. */
export function registerServe(program: Command): void {
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
      try {
        const common = resolveCommon(flags);
        const logger = createLogger({ level: common.logLevel });
        const instance = await startPortico({
          configFile: resolveConfigFile(flags.config),
          ...common,
          logger,
          noAuth: flags.auth === false,
          ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
          ...(flags.redisUrl !== undefined ? { redisUrl: flags.redisUrl } : {}),
        });
        onShutdownSignals(
          logger,
          () => instance.close(),
          () => instance.reload(),
        );
      } catch (err) {
        process.exitCode = reportError(err);
      }
    },
  );
}
