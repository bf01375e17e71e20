import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { flowhubConfigPath, startFlowHub } from '../../examples/flowhub/index.js';
import { createLogger } from '../observability/index.js';
import { startPortico } from '../runtime/index.js';
import { resolveCommon } from './options.js';
import { reportError } from './report-error.js';
import { addServeOptions } from './serve.js';
import { onShutdownSignals } from './shutdown.js';

/** The client configuration printed by `portico demo`. */
export function clientSnippet(mcpUrl: string): string {
  return JSON.stringify({ mcpServers: { flowhub: { type: 'http', url: mcpUrl } } }, null, 2);
}

/** `portico demo`: FlowHub on a free loopback port with the gateway in front of it. */
export function registerDemo(program: Command): void {
  addServeOptions(
    program
      .command('demo')
      .description('run the FlowHub demo upstream with Portico in front of it (what `npm start` runs)'),
  ).action(async (flags: { host?: string; port?: string; dataDir?: string; logLevel?: string }) => {
    try {
      const common = resolveCommon(flags);
      const logger = createLogger({ level: common.logLevel });
      const flowhub = await startFlowHub({ host: '127.0.0.1', port: 0 });
      const portico = await startPortico({
        configFile: flowhubConfigPath,
        ...common,
        logger,
        env: { ...process.env, FLOWHUB_URL: flowhub.url },
      });
      await mkdir(common.dataDir, { recursive: true });
      await writeFile(
        join(common.dataDir, 'demo.json'),
        `${JSON.stringify({ mcpUrl: portico.mcpUrl, token: null, flowhubUrl: flowhub.url }, null, 2)}\n`,
      );
      console.log(
        [
          '',
          `  FlowHub demo upstream   ${flowhub.url}`,
          `  Portico MCP endpoint    ${portico.mcpUrl}   (${portico.gateway.catalog.tools.length} tools)`,
          '',
          '  Add it to your assistant (Claude Code, Cursor, VS Code … as an HTTP MCP server):',
          '',
          clientSnippet(portico.mcpUrl)
            .split('\n')
            .map((l) => `    ${l}`)
            .join('\n'),
          '',
          `  Or: claude mcp add --transport http flowhub ${portico.mcpUrl}`,
          `  Wrote ${join(common.dataDir, 'demo.json')}. Press Ctrl+C to stop.`,
          '',
        ].join('\n'),
      );
      onShutdownSignals(
        logger,
        async () => {
          await portico.close();
          await flowhub.close();
        },
        () => portico.reload(),
      );
    } catch (err) {
      process.exitCode = reportError(err);
    }
  });
}
