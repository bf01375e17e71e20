import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { flowhubConfigPath, startFlowHub } from '../../examples/flowhub/index.js';
import { SCOPES } from '../auth/index.js';
import { CONFIG_DEFAULTS } from '../config/index.js';
import type { Logger } from '../observability/index.js';
import { type PorticoInstance, startPortico } from '../runtime/index.js';
import { loadSecretKey } from '../secrets/index.js';
import type { OAuthConfig } from '../spec/index.js';
import type { CliContext } from './context.js';
import { type DemoUser, seedDemoTenants, seedDemoUsers } from './demo-seed.js';
import { type CommonOptions, resolveCommon } from './options.js';
import { reportError } from './report-error.js';
import { addServeOptions, serveLogger } from './serve.js';
import { onShutdown } from './shutdown.js';

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
  env: Record<string, string | undefined>,
): Promise<DemoUser[]> {
  const users = portico.security.oauth?.users;
  if (noAuth || users === undefined) return [];
  const { key } = await loadSecretKey({ env, dataDir });
  return seedDemoUsers(users, tenants, key);
}

/** `portico demo`: FlowHub on a free loopback port with the gateway in front of it, until Ctrl+C. */
export function registerDemo(program: Command, cli: CliContext): void {
  addServeOptions(
    program
      .command('demo')
      .description('run the FlowHub demo upstream with Portico in front of it (what `npm start` runs)'),
  ).action(
    async (flags: { host?: string; port?: string; dataDir?: string; logLevel?: string; auth?: boolean }) => {
      const { io } = cli;
      try {
        const common = resolveCommon(flags, io);
        const logger = serveLogger(io, common.logLevel);
        // Listen for signals before the servers are up: a Ctrl+C during startup closes them once started.
        const shutdown = onShutdown(
          io,
          logger,
          async () => (await started).close(),
          async () => (await started).reload(),
        );
        const started = startDemo(cli, common, logger, flags.auth === false);
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

/** FlowHub, then Portico in front of it, seeded and announced; both closed again if a step fails. */
async function startDemo(
  cli: CliContext,
  common: CommonOptions,
  logger: Logger,
  noAuth: boolean,
): Promise<{ close(): Promise<void>; reload(): Promise<boolean> }> {
  const flowhub = await startFlowHub({ host: '127.0.0.1', port: 0 });
  let portico: PorticoInstance;
  try {
    portico = await startPortico({
      configFile: flowhubConfigPath,
      ...common,
      logger,
      env: { ...cli.io.env, FLOWHUB_URL: flowhub.url },
      noAuth,
      ...(noAuth ? {} : { oauth: DEMO_OAUTH }),
    });
  } catch (err) {
    await flowhub.close();
    throw err;
  }
  const close = async () => {
    await portico.close();
    await flowhub.close();
  };
  try {
    await announce(cli, portico, flowhub, common.dataDir, noAuth);
  } catch (err) {
    await close();
    throw err;
  }
  return { close, reload: () => portico.reload() };
}

/** Seed the demo tenants, tokens and users, write demo.json and print how to connect. */
async function announce(
  cli: CliContext,
  portico: PorticoInstance,
  flowhub: Awaited<ReturnType<typeof startFlowHub>>,
  dataDir: string,
  noAuth: boolean,
): Promise<void> {
  const tokens = await seedDemoTenants(portico.security, flowhub.workspaces);
  const consoleUrl = `${portico.url}/console/`;
  const acme = tokens.acme as string;
  const users = await demoUsers(portico, Object.keys(tokens), noAuth, dataDir, cli.io.env);
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    join(dataDir, 'demo.json'),
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
  cli.out(
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
      `  Wrote ${join(dataDir, 'demo.json')}. Press Ctrl+C to stop.`,
      '',
    ].join('\n'),
  );
}
