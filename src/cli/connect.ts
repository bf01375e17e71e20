import type { Command } from 'commander';
import {
  CredentialsStore,
  defaultCredentialsPath,
  normalizeGatewayUrl,
  resolveTokenSource,
  startBridge,
  stderrLog,
  viewUrl,
} from '../bridge/index.js';
import type { CliContext } from './context.js';

/**
 * `portico connect <gateway-url> [--view v]`: the stdio bridge desktop clients spawn. Runs until
 * the client closes stdin or SIGINT/SIGTERM arrives; exit 0 then, 1 when it cannot start.
 */
export function registerConnect(program: Command, cli: CliContext): void {
  program
    .command('connect <gateway-url>')
    .description(
      'run a stdio MCP server that forwards to a hosted Portico gateway with your saved sign-in (for clients that spawn commands)',
    )
    .option('--view <view>', 'use the gateway view /mcp/<view> instead of the default tools')
    .action(async (url: string, flags: { view?: string }) => {
      const { io } = cli;
      const log = stderrLog(io.env, io.stderr);
      try {
        const gatewayUrl = normalizeGatewayUrl(url);
        const endpoint = viewUrl(gatewayUrl, flags.view);
        const store = new CredentialsStore(defaultCredentialsPath(io.env));
        const tokens = await resolveTokenSource(store, endpoint, { log, env: io.env });
        const bridge = await startBridge({
          endpoint,
          tokens,
          log,
          stdin: io.stdin,
          stdout: io.stdout,
          env: io.env,
        });
        log.info(`bridging stdio to ${endpoint} (${tokens.kind === 'oauth' ? 'OAuth sign-in' : 'token'})`);
        const stop = () => {
          void bridge.close();
        };
        const off = [io.onSignal('SIGINT', stop), io.onSignal('SIGTERM', stop)];
        try {
          await bridge.closed;
          await bridge.close();
        } finally {
          for (const f of off) f();
        }
        cli.exitCode = 0;
      } catch (err) {
        log.info(err instanceof Error ? err.message : String(err));
        cli.exitCode = 1;
      }
    });
}
