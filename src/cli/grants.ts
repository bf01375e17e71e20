import type { Command } from 'commander';
import { type GrantInfo, grantJson, OAuthGrants } from '../oauth/index.js';
import type { CliContext } from './context.js';
import { addDataDirOption, requireTenant, shortTime, table, withServices } from './open-services.js';

interface ListFlags {
  dataDir?: string;
  tenant?: string;
  user?: string;
  all?: boolean;
  json?: boolean;
}

/** The table printed by `portico grants list`. */
export function grantTable(list: readonly GrantInfo[]): string {
  return table([
    ['ID', 'TENANT', 'USER', 'CLIENT', 'SCOPES', 'GRANTED', 'STATUS'],
    ...list.map((g) => [
      g.id,
      g.tenantId,
      g.userEmail ?? g.userId,
      g.clientName,
      g.scopes.map((s) => s.replace(/^mcp\.tools\./, '')).join(',') || '-',
      shortTime(g.createdAt),
      g.revokedAt === null ? 'active' : `revoked ${shortTime(g.revokedAt)}`,
    ]),
  ]);
}

/** `portico grants list|revoke`: the OAuth access people gave their clients (consents). */
export function registerGrants(program: Command, cli: CliContext): void {
  const grants = program
    .command('grants')
    .description(
      'list and revoke OAuth grants — the access each user gave an MCP client on the consent page (in <data dir>/portico.db)',
    );

  addDataDirOption(
    grants
      .command('list')
      .description('list active grants, newest first')
      .option('--tenant <id>', 'only this tenant’s grants')
      .option('--user <user>', 'only this user’s grants (id usr_… or email)')
      .option('--all', 'include revoked grants')
      .option('--json', 'print JSON'),
  ).action((flags: ListFlags) =>
    withServices(cli, flags, async (services) => {
      if (flags.tenant !== undefined) await requireTenant(services, flags.tenant);
      const list = await new OAuthGrants(services.store).list({
        ...(flags.tenant !== undefined ? { tenantId: flags.tenant } : {}),
        ...(flags.user !== undefined ? { user: flags.user } : {}),
        includeRevoked: flags.all === true,
      });
      if (flags.json) return cli.json({ grants: list.map(grantJson) });
      if (list.length === 0) {
        const whose = [
          flags.user !== undefined ? `user ${flags.user}` : '',
          flags.tenant !== undefined ? `tenant ${flags.tenant}` : '',
        ]
          .filter((s) => s !== '')
          .join(', ');
        cli.out(
          `No ${flags.all ? '' : 'active '}grants${whose !== '' ? ` for ${whose}` : ''}. Users create them by signing in from an MCP client.`,
        );
        return;
      }
      cli.out(grantTable(list));
    }),
  );

  addDataDirOption(
    grants
      .command('revoke <id>')
      .description(
        'revoke a grant (grt_…): its refresh token stops working and its access tokens are refused at once',
      )
      .option('--tenant <id>', 'refuse unless the grant belongs to this tenant')
      .option('--json', 'print the grant as JSON'),
  ).action((id: string, flags: { dataDir?: string; tenant?: string; json?: boolean }) =>
    withServices(cli, flags, async (services) => {
      const grant = await new OAuthGrants(services.store).revoke(
        id,
        flags.tenant !== undefined ? { tenantId: flags.tenant } : {},
      );
      if (flags.json) return cli.json(grantJson(grant));
      cli.out(
        `Revoked grant ${grant.id} (${grant.userEmail ?? grant.userId} → ${grant.clientName}, tenant ${grant.tenantId}) at ${shortTime(grant.revokedAt)}. The client must sign in again.`,
      );
    }),
  );
}
