import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { explainToken, TenantNames } from '../oauth/index.js';
import { chooseStore } from '../runtime/index.js';
import { openPostgresStore, openSqliteStore, type Store } from '../store/index.js';
import type { CliContext } from './context.js';
import { type CliIo, readStdin } from './io.js';
import { resolveDataDir } from './open-services.js';
import { resolveConfigFile } from './options.js';
import { reportError } from './report-error.js';

/** Flags of `portico auth test`. */
interface AuthTestFlags {
  config?: string;
  resource?: string;
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * The store to check tenants in, chosen as `serve` does (`--database-url`, `PORTICO_DATABASE_URL`,
 * `store.url`, else the data dir's SQLite file when it exists). Only tenants are read, so no secret
 * key is needed.
 */
async function openTenantStore(
  flags: AuthTestFlags,
  config: Parameters<typeof chooseStore>[3],
  io: CliIo,
): Promise<Store | undefined> {
  const choice = chooseStore(resolveDataDir(flags.dataDir, io), flags.databaseUrl, io.env, config);
  if (choice.databaseUrl !== undefined) return openPostgresStore({ url: choice.databaseUrl, poolSize: 1 });
  const dbFile = join(choice.dataDir, 'portico.db');
  return existsSync(dbFile) ? openSqliteStore(dbFile) : undefined;
}

/**
 * `portico auth test <token|->`: explain why the gateway would accept or refuse an access token of
 * the external IdP (exit 0 accepted, 1 refused, 2 cannot check). Fetches only the configured
 * discovery document and JWKS; the token is sent nowhere.
 */
export function registerAuth(program: Command, cli: CliContext): void {
  const auth = program.command('auth').description('OAuth helpers for operators');
  auth
    .command('test')
    .description(
      'explain whether /mcp would accept an access token of the external identity provider, and why not (the token is sent nowhere; "-" reads it from stdin)',
    )
    .argument('<token>', 'the access token, or - to read it from standard input')
    .option('-c, --config <file>', 'config file (default: $PORTICO_CONFIG or ./portico.yaml)')
    .option(
      '--resource <url>',
      'the endpoint the token is meant for (default: oauth.audience, else server.public_url + /mcp)',
    )
    .option(
      '--data-dir <dir>',
      'where portico.db lives, to check the tenant exists (env PORTICO_DATA_DIR, default ./.portico)',
    )
    .option(
      '--database-url <url>',
      'postgres://… : check the tenant in the PostgreSQL store (env PORTICO_DATABASE_URL, or store.url)',
    )
    .action(async (arg: string, flags: AuthTestFlags) => {
      try {
        const token = (arg === '-' ? await readStdin(cli.io) : arg).trim().replace(/^Bearer\s+/i, '');
        const config = await loadConfig(resolveConfigFile(flags.config, cli.io), { env: cli.io.env });
        const { oauth, server } = config;
        const idp = oauth?.external;
        if (oauth?.mode !== 'external' || idp === undefined) {
          cli.err(
            `portico auth test explains tokens of an external identity provider, but ${config.file} has oauth.mode ${oauth?.mode ?? 'off'}. Set oauth.mode: external and oauth.issuer.`,
          );
          cli.exitCode = 2;
          return;
        }
        const audiences =
          flags.resource !== undefined
            ? [flags.resource]
            : (idp.audiences ?? (server.publicUrl !== undefined ? [`${server.publicUrl}/mcp`] : []));
        if (audiences.length === 0) {
          cli.err(
            'Cannot tell which audience to expect: pass --resource https://<gateway>/mcp, or set oauth.audience or server.public_url.',
          );
          cli.exitCode = 2;
          return;
        }
        const store = await openTenantStore(flags, config, cli.io);
        try {
          const result = await explainToken(token, idp, {
            audiences,
            ...(store !== undefined ? { tenants: new TenantNames(store) } : {}),
          });
          for (const line of result.lines) cli.out(line);
          cli.exitCode = result.accepted ? 0 : 1;
        } finally {
          await store?.close();
        }
      } catch (err) {
        cli.exitCode = reportError(cli, err) === 0 ? 0 : 2;
      }
    });
}
