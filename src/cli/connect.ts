import type { Command } from 'commander';
import {
  CredentialsStore,
  normalizeGatewayUrl,
  resolveTokenSource,
  startBridge,
  stderrLog,
  viewUrl,
} from '../bridge/index.js';

/** `portico connect <gateway-url> [--view v]`: the stdio bridge desktop clients spawn. */
export function registerConnect(program: Command): void {
  program
    .command('connect <gateway-url>')
    .description(
      'run a stdio MCP server that forwards to a hosted Portico gateway with your saved sign-in (for clients that spawn commands)',
    )
    .option('--view <view>', 'use the gateway view /mcp/<view> instead of the default tools')
    .action(async (url: string, flags: { view?: string }) => {
      const log = stderrLog();
      try {
        const gatewayUrl = normalizeGatewayUrl(url);
        const endpoint = viewUrl(gatewayUrl, flags.view);
        const store = new CredentialsStore();
        const tokens = await resolveTokenSource(store, endpoint, { log });
        const bridge = await startBridge({ endpoint, tokens, log });
        log.info(`bridging stdio to ${endpoint} (${tokens.kind === 'oauth' ? 'OAuth sign-in' : 'token'})`);
        const stop = () => {
          void bridge.close().finally(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await bridge.closed;
        await bridge.close();
        process.exit(0);
      } catch (err) {
        log.info(err instanceof Error ? err.message : String(err));
        process.exit(1);
      }
    });
}
