import type { Command } from 'commander';
import { tokenJson, tokenStatus } from '../admin/index.js';
import type { TokenInfo } from '../auth/index.js';
import type { CliContext } from './context.js';
import {
  addDataDirOption,
  commaList,
  requireTenant,
  shortTime,
  table,
  withServices,
} from './open-services.js';

interface CreateFlags {
  dataDir?: string;
  tenant: string;
  label: string;
  scopes?: string;
  expires?: string;
  rateLimit?: string;
  views?: string;
  json?: boolean;
}

/** Scopes without the common `mcp.tools.` prefix, for tables. */
function shortScopes(scopes: readonly string[]): string {
  return scopes.map((s) => s.replace(/^mcp\.tools\./, '')).join(',') || '-';
}

/** `portico tokens create|list|revoke`. */
export function registerTokens(program: Command, cli: CliContext): void {
  const tokens = program
    .command('tokens')
    .description('issue, list and revoke mcp_ tokens (in <data dir>/portico.db)');

  addDataDirOption(
    tokens
      .command('create')
      .description('issue a token for a tenant; prints the secret once')
      .requiredOption('--tenant <id>', 'tenant the token belongs to')
      .requiredOption('--label <label>', 'what the token is for, e.g. "claude-desktop" (1–100 characters)')
      .option(
        '--scopes <list>',
        'comma-separated: mcp.tools.discovery, mcp.tools.invoke, mcp.tools.write (default discovery,invoke)',
      )
      .option('--expires <when>', '30d | 90d | 365d (any 1d–3650d) | none (default 90d)')
      .option('--rate-limit <rate>', 'per-token rate limit, e.g. 120/min (default: the configured limit)')
      .option('--views <list>', 'comma-separated views the token may use (default: every view)')
      .option('--json', 'print {token, secret} as JSON'),
  ).action((flags: CreateFlags) =>
    withServices(cli, flags, async (services) => {
      await requireTenant(services, flags.tenant);
      const { token, secret } = await services.access.createToken({
        tenantId: flags.tenant,
        label: flags.label,
        ...(flags.scopes !== undefined ? { scopes: commaList(flags.scopes) } : {}),
        ...(flags.expires !== undefined ? { expires: flags.expires } : {}),
        ...(flags.rateLimit !== undefined ? { rateLimit: flags.rateLimit } : {}),
        ...(flags.views !== undefined ? { views: commaList(flags.views) } : {}),
      });
      if (flags.json) return cli.json({ token: tokenJson(token), secret });
      const expires = token.expiresAt === null ? 'never expires' : `expires ${shortTime(token.expiresAt)}`;
      cli.out(
        `Created token ${token.id} for tenant ${token.tenantId} (label "${token.label}"; scopes ${token.scopes.join(', ')}; ${expires}` +
          `${token.views !== null ? `; views ${token.views.join(', ')}` : ''}${token.rateLimit !== null ? `; rate limit ${token.rateLimit}` : ''}).`,
      );
      cli.out('');
      cli.out(`  ${secret}`);
      cli.out('');
      cli.out('Copy it now: it is not shown again (Portico stores only its hash).');
      cli.out('Clients send it as: Authorization: Bearer <token>');
    }),
  );

  addDataDirOption(
    tokens
      .command('list')
      .description('list tokens, newest first (never their secrets)')
      .option('--tenant <id>', 'only this tenant’s tokens')
      .option('--json', 'print JSON'),
  ).action((flags: { dataDir?: string; tenant?: string; json?: boolean }) =>
    withServices(cli, flags, async (services) => {
      if (flags.tenant !== undefined) await requireTenant(services, flags.tenant);
      const list = await services.access.listTokens(
        flags.tenant !== undefined ? { tenantId: flags.tenant } : {},
      );
      const now = new Date();
      if (flags.json) return cli.json({ tokens: list.map((t) => tokenJson(t, now)) });
      if (list.length === 0) {
        const whose = flags.tenant !== undefined ? ` for tenant ${flags.tenant}` : '';
        cli.out(`No tokens${whose}. Issue one with: portico tokens create --tenant <id> --label <label>`);
        return;
      }
      cli.out(tokenTable(list, now));
    }),
  );

  addDataDirOption(
    tokens
      .command('revoke <id>')
      .description('revoke a token (tok_…); it stops working at once')
      .option('--json', 'print the token as JSON'),
  ).action((id: string, flags: { dataDir?: string; json?: boolean }) =>
    withServices(cli, flags, async (services) => {
      const token = await services.access.revokeToken(id);
      if (flags.json) return cli.json(tokenJson(token));
      cli.out(
        `Revoked token ${token.id} (tenant ${token.tenantId}, label "${token.label}", ${token.prefix}…) at ${shortTime(token.revokedAt)}.`,
      );
    }),
  );
}

/** The table printed by `portico tokens list`. */
export function tokenTable(list: readonly TokenInfo[], now = new Date()): string {
  return table([
    ['ID', 'TENANT', 'LABEL', 'PREFIX', 'SCOPES', 'CREATED', 'EXPIRES', 'LAST USED', 'STATUS'],
    ...list.map((t) => [
      t.id,
      t.tenantId,
      t.label,
      t.prefix,
      shortScopes(t.scopes),
      shortTime(t.createdAt),
      shortTime(t.expiresAt, 'never'),
      shortTime(t.lastUsedAt, 'never'),
      tokenStatus(t, now),
    ]),
  ]);
}
