import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { flowhubConfigPath, startFlowHub } from '../../examples/flowhub/index.js';
import { SCOPES } from '../auth/index.js';
import { CONFIG_DEFAULTS } from '../config/index.js';
import { createLogger } from '../observability/index.js';
import { type PorticoInstance, startPortico } from '../runtime/index.js';
import { loadSecretKey } from '../secrets/index.js';
import type { OAuthConfig } from '../spec/index.js';
import { type DemoUser, seedDemoTenants, seedDemoUsers } from './demo-seed.js';
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

/**
 * The demo's OAuth: the built-in authorization server with the default lifetimes; sign-ins ask for
 * every scope, so the consent page offers the write scope too (untick it to stay read-only).
 */
const DEMO_OAUTH: OAuthConfig = {
  mode: 'builtin',
  accessTokenTtlSec: CONFIG_DEFAULTS.oauthAccessTokenTtlSec,
  refreshTokenTtlSec: CONFIG_DEFAULTS.oauthRefreshTokenTtlSec,
  dynamicRegistration: true,
  allowInsecureClientMetadata: false,
  defaultScopes: [...SCOPES],
};

/** One sign-in user per demo tenant (none with `--no-auth`). */
async function demoUsers(
  portico: PorticoInstance,
  tenants: string[],
  noAuth: boolean,
  dataDir: string,
): Promise<DemoUser[]> {
  const users = portico.security.oauth?.users;
  if (noAuth || users === undefined) return [];
  const { key } = await loadSecretKey({ env: process.env, dataDir });
  return seedDemoUsers(users, tenants, key);
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
            ...(flags.auth === false ? {} : { oauth: DEMO_OAUTH }),
          });
        } catch (err) {
          await flowhub.close();
          throw err;
        }
        const tokens = await seedDemoTenants(portico.security, flowhub.workspaces);
        const consoleUrl = `${portico.url}/console/`;
        const noAuth = flags.auth === false;
        const acme = tokens.acme as string;
        const users = await demoUsers(portico, Object.keys(tokens), noAuth, common.dataDir);
        await mkdir(common.dataDir, { recursive: true });
        await writeFile(
          join(common.dataDir, 'demo.json'),
          `${JSON.stringify(
            {
              mcpUrl: portico.mcpUrl,
              token: noAuth ? null : acme,
              tokens: noAuth ? null : tokens,
              noAuth,
              users,
              consoleUrl,
              flowhubUrl: flowhub.url,
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
            ...(users.length === 0
              ? []
              : [
                  '',
                  '  Demo users for the browser sign-in and the web console (shown here because this is a demo):',
                  ...users.map(
                    (u) =>
                      `    ${u.tenant.padEnd(8)} ${u.email.padEnd(Math.max(...users.map((x) => x.email.length)))}   password ${u.password}   (${u.role})`,
                  ),
                  `  Web console: ${consoleUrl}`,
                  '  Add the URL to an assistant that supports OAuth, or bridge a stdio client:',
                  `    npx mcp-remote ${portico.mcpUrl}`,
                  `    npx portico login ${portico.mcpUrl}   then   npx portico connect ${portico.mcpUrl}`,
                ]),
            '',
            '  Or add it to your assistant with a token (Claude Code, Cursor, VS Code … as an HTTP MCP server):',
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
