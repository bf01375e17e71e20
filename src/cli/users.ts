import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { PorticoError } from '../errors/index.js';
import { type OAuthUserInfo, OAuthUsers, parseRole } from '../oauth/index.js';
import type { CliContext } from './context.js';
import { readStdin } from './io.js';
import { addDataDirOption, requireTenant, shortTime, table, withServices } from './open-services.js';

function userJson(u: OAuthUserInfo) {
  return {
    id: u.id,
    tenant: u.tenantId,
    email: u.email,
    created_at: u.createdAt.toISOString(),
    disabled: u.disabled,
    role: u.role,
  };
}

/** `portico users create|list|disable|enable`: the people who sign in at the built-in OAuth server. */
export function registerUsers(program: Command, cli: CliContext): void {
  const users = program
    .command('users')
    .description('manage users who sign in with OAuth (oauth.mode: builtin) (in <data dir>/portico.db)');

  addDataDirOption(
    users
      .command('create')
      .description(
        'create a user of a tenant; without --password-stdin a random password is generated and shown once',
      )
      .requiredOption('--tenant <id>', 'tenant the user acts for')
      .requiredOption('--email <email>', 'sign-in email (unique, case-insensitive)')
      .option('--password-stdin', 'read the password from standard input (at least 12 characters)')
      .option(
        '--role <role>',
        'console role: member (own tokens), admin (the tenant), operator (all tenants)',
      )
      .option('--operator', 'same as --role operator')
      .option('--json', 'print the user as JSON'),
  ).action(
    (flags: {
      tenant: string;
      email: string;
      passwordStdin?: boolean;
      role?: string;
      operator?: boolean;
      json?: boolean;
      dataDir?: string;
    }) =>
      withServices(cli, flags, async (services) => {
        const role = parseRole(flags.operator ? 'operator' : (flags.role ?? 'member'));
        if (flags.operator && flags.role !== undefined && flags.role !== 'operator') {
          throw new PorticoError(
            'invalid_input',
            `--operator and --role ${flags.role} disagree: give one of them.`,
          );
        }
        await requireTenant(services, flags.tenant);
        const generated = flags.passwordStdin ? undefined : randomBytes(18).toString('base64url');
        const password = generated ?? (await readStdin(cli.io)).replace(/\r?\n$/, '');
        const user = await new OAuthUsers(services.store).create({
          tenantId: flags.tenant,
          email: flags.email,
          password,
          role,
        });
        if (flags.json) {
          return cli.json({
            user: userJson(user),
            ...(generated !== undefined ? { password: generated } : {}),
          });
        }
        cli.out(`Created ${user.role} ${user.email} (${user.id}) in tenant ${user.tenantId}.`);
        if (generated !== undefined) cli.out(`Password (shown once): ${generated}`);
        cli.out(
          'They sign in to the web console at /console, and when their MCP client connects to /mcp (oauth.mode: builtin).',
        );
      }),
  );

  addDataDirOption(
    users
      .command('list')
      .description('list users')
      .option('--tenant <id>', 'only this tenant')
      .option('--json', 'print JSON'),
  ).action((flags: { tenant?: string; json?: boolean; dataDir?: string }) =>
    withServices(cli, flags, async (services) => {
      if (flags.tenant !== undefined) await requireTenant(services, flags.tenant);
      const list = await new OAuthUsers(services.store).list(
        flags.tenant !== undefined ? { tenantId: flags.tenant } : {},
      );
      if (flags.json) return cli.json({ users: list.map(userJson) });
      if (list.length === 0) {
        cli.out('No users. Create one with: portico users create --tenant <id> --email <email>');
        return;
      }
      cli.out(
        table([
          ['ID', 'TENANT', 'EMAIL', 'CREATED', 'STATUS', 'ROLE'],
          ...list.map((u) => [
            u.id,
            u.tenantId,
            u.email,
            shortTime(u.createdAt),
            u.disabled ? 'disabled' : 'active',
            u.role,
          ]),
        ]),
      );
    }),
  );

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    addDataDirOption(
      users
        .command(`${name} <user>`)
        .description(
          disabled
            ? 'disable a user (no sign-in, no refresh) by id or email'
            : 'enable a disabled user again',
        )
        .option('--json', 'print JSON'),
    ).action((who: string, flags: { json?: boolean; dataDir?: string }) =>
      withServices(cli, flags, async (services) => {
        const user = await new OAuthUsers(services.store).setDisabled(who, disabled);
        if (flags.json) return cli.json({ user: userJson(user) });
        cli.out(`${disabled ? 'Disabled' : 'Enabled'} user ${user.email} (${user.id}).`);
      }),
    );
  }

  addDataDirOption(
    users
      .command('role <user> <role>')
      .description('set the console role of a user (member, admin or operator) by id or email')
      .option('--json', 'print JSON'),
  ).action((who: string, role: string, flags: { json?: boolean; dataDir?: string }) =>
    withServices(cli, flags, async (services) => {
      const user = await new OAuthUsers(services.store).setRole(who, role);
      if (flags.json) return cli.json({ user: userJson(user) });
      cli.out(`User ${user.email} (${user.id}) is now ${user.role}.`);
    }),
  );
}
