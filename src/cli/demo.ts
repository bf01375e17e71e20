import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { flowhubConfigPath, startFlowHub } from '../../examples/flowhub/index.js';
import { createLogger } from '../observability/index.js';
import { startPortico } from '../runtime/index.js';
import { seedDemoTenants } from './demo-seed.js';
import { seedDemoUsers } from './demo-users.js';
import { resolveCommon } from './options.js';
import { reportError } from './report-error.js';
import { addServeOptions } from './serve.js';
import { onShutdownSignals } from './shutdown.js';

/** The client configuration printed by `portico demo` (with the bearer token unless `--no-auth`). */
export function clientSnippet(mcpUrl: string, token?: string): string {
  const server =
    token === undefined
      ? { type: 'http', url: mcpUrl }
      : { type: 'http', url: mcpUrl, headers: { Authorization: `Bearer ${token}` } };
  return JSON.stringify({ mcpServers: { flowhub: server } }, null, 2);
}

/** `portico demo`: FlowHub on a free loopback port with the gateway in front of it. */
export function registerDemo(program: Command): void {
  addServeOptions(
    program
      .command('demo')
      .description('run the FlowHub demo upstream with Portico in front of it (what `npm start` runs)'),
  ).action(
    async (flags: { host?: string; port?: string; dataDir?: string; logLevel?: string; auth?: boolean }) => {
      try {
        const common = resolveCommon(flags);
        const logger = createLogger({ level: common.logLevel });
        const flowhub = await startFlowHub({ host: '127.0.0.1', port: 0 });
        let portico: Awaited<ReturnType<typeof startPortico>>;
        try {
          portico = await startPortico({
            configFile: flowhubConfigPath,
            ...common,
            logger,
            env: { ...process.env, FLOWHUB_URL: flowhub.url },
            noAuth: flags.auth === false,
          });
        } catch (err) {
          await flowhub.close();
          throw err;
        }
        const tokens = await seedDemoTenants(portico.security, flowhub.workspaces);
        const users = await seedDemoUsers(
          portico.store,
          flowhub.workspaces.map((w) => w.slug),
        );
        const consoleUrl = `${portico.url}/console/`;
        const noAuth = flags.auth === false;
        const acme = tokens.acme as string;
        await mkdir(common.dataDir, { recursive: true });
        await writeFile(
          join(common.dataDir, 'demo.json'),
          `${JSON.stringify(
            {
              mcpUrl: portico.mcpUrl,
              token: noAuth ? null : acme,
              tokens: noAuth ? null : tokens,
              noAuth,
              flowhubUrl: flowhub.url,
              consoleUrl,
              users,
            },
            null,
            2,
          )}\n`,
        );
        const snippet = clientSnippet(portico.mcpUrl, noAuth ? undefined : acme);
        console.log(
          [
            '',
            `  FlowHub demo upstream   ${flowhub.url}   (workspaces: ${flowhub.workspaces.map((w) => w.slug).join(', ')})`,
            `  Portico MCP endpoint    ${portico.mcpUrl}   (${portico.gateway.catalog.tools.length} tools)`,
            '',
            ...(noAuth
              ? [`  --no-auth: no token needed; every request runs as tenant "acme" (loopback only).`]
              : [
                  '  Demo tokens (all scopes, 30 days; shown here because this is a demo):',
                  ...Object.entries(tokens).map(([t, secret]) => `    ${t.padEnd(8)} ${secret}`),
                ]),
            '',
            `  Web console            ${consoleUrl}   (sign in with a demo user; passwords are new on every start)`,
            ...users.map((u) => `    ${u.role.padEnd(8)} ${u.email.padEnd(28)} ${u.password}`),
            '',
            '  Add it to your assistant (Claude Code, Cursor, VS Code … as an HTTP MCP server):',
            '',
            snippet
              .split('\n')
              .map((l) => `    ${l}`)
              .join('\n'),
            '',
            noAuth
              ? `  Or: claude mcp add --transport http flowhub ${portico.mcpUrl}`
              : `  Or: claude mcp add --transport http flowhub ${portico.mcpUrl} --header "Authorization: Bearer ${acme}"`,
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
    },
  );
}
