import type { Command } from 'commander';
import { tenantJson, tenantSecretJson } from '../admin/index.js';
import { isPorticoError, PorticoError } from '../errors/index.js';
import type { CliContext } from './context.js';
import { type CliIo, readStdin } from './io.js';
import {
  addDataDirOption,
  type CliServices,
  requireTenant,
  shortTime,
  table,
  tenantNotFound,
  withServices,
} from './open-services.js';
import { promptHidden } from './prompt.js';

interface JsonFlag {
  dataDir?: string;
  json?: boolean;
}

/** `portico tenants create|list|show` and `portico tenants secret set|list|delete`. */
export function registerTenants(program: Command, cli: CliContext): void {
  const tenants = program
    .command('tenants')
    .description('manage tenants and their upstream credentials (in <data dir>/portico.db)');

  addDataDirOption(
    tenants
      .command('create <id>')
      .description('create a tenant (id: lower-case letters, digits, "-" or "_", e.g. acme)')
      .option('--name <name>', 'display name (default: the id)')
      .option('--json', 'print the tenant as JSON'),
  ).action((id: string, flags: JsonFlag & { name?: string }) =>
    withServices(cli, flags, async ({ access }) => {
      const tenant = await access.createTenant({
        id,
        ...(flags.name !== undefined ? { name: flags.name } : {}),
      });
      if (flags.json) return cli.json(tenantJson(tenant));
      cli.out(`Created tenant ${tenant.id}${tenant.name !== tenant.id ? ` ("${tenant.name}")` : ''}.`);
      cli.out(`Next: portico tokens create --tenant ${tenant.id} --label <label>`);
    }),
  );

  addDataDirOption(
    tenants
      .command('list')
      .description('list tenants and the systems they hold credentials for')
      .option('--json', 'print JSON'),
  ).action((flags: JsonFlag) =>
    withServices(cli, flags, async (services) => {
      const list = await services.access.listTenants();
      const rows = await Promise.all(
        list.map(async (t) => ({ tenant: t, secrets: await services.secrets.list(t.id) })),
      );
      if (flags.json) {
        return cli.json({
          tenants: rows.map((r) => ({ ...tenantJson(r.tenant), secrets: r.secrets.map(tenantSecretJson) })),
        });
      }
      if (rows.length === 0) {
        cli.out(`No tenants in ${services.dbFile}. Create one with: portico tenants create <id>`);
        return;
      }
      cli.out(
        table([
          ['ID', 'NAME', 'CREATED', 'CREDENTIALS'],
          ...rows.map((r) => [
            r.tenant.id,
            r.tenant.name,
            shortTime(r.tenant.createdAt),
            r.secrets.map((s) => s.system).join(', ') || '-',
          ]),
        ]),
      );
    }),
  );

  addDataDirOption(
    tenants
      .command('show <id>')
      .description('show a tenant and its stored credentials (never their values)')
      .option('--json', 'print JSON'),
  ).action((id: string, flags: JsonFlag) =>
    withServices(cli, flags, async (services) => {
      const tenant = await services.access.getTenant(id);
      if (tenant === undefined) throw tenantNotFound(id);
      const secrets = await services.secrets.list(id);
      if (flags.json) return cli.json({ ...tenantJson(tenant), secrets: secrets.map(tenantSecretJson) });
      cli.out(`Tenant ${tenant.id} ("${tenant.name}"), created ${shortTime(tenant.createdAt)}`);
      printSecrets(cli, tenant.id, secrets);
    }),
  );

  const secret = tenants
    .command('secret')
    .description("manage a tenant's upstream credentials (encrypted at rest; values are never shown)");

  addDataDirOption(
    secret
      .command('set <tenant> <system>')
      .description(
        "store the tenant's credential for a system of portico.yaml (from --from-env, --stdin, or a hidden prompt on a terminal)",
      )
      .option('--from-env <var>', 'read the value from this environment variable')
      .option('--stdin', 'read the value from standard input (one trailing newline is dropped)'),
  ).action((tenant: string, system: string, flags: { dataDir?: string; fromEnv?: string; stdin?: boolean }) =>
    withServices(cli, flags, async (services) => {
      if (flags.fromEnv !== undefined && flags.stdin) {
        throw new PorticoError('invalid_input', 'Give either --from-env <var> or --stdin, not both.');
      }
      await requireTenant(services, tenant);
      const value = await readSecretValue(cli.io, flags, tenant, system);
      if (value.trim() === '') {
        throw new PorticoError(
          'invalid_input',
          `The value for tenant "${tenant}", system "${system}" is empty; nothing was stored.`,
        );
      }
      await assertKeyOpensStoredSecrets(services);
      const existed = (await services.secrets.list(tenant)).some((s) => s.system === system);
      await services.secrets.set(tenant, system, value);
      cli.out(
        `${existed ? 'Replaced' : 'Stored'} the ${system} credential of tenant ${tenant} (encrypted with ${keyName(services)}).`,
      );
    }),
  );

  addDataDirOption(
    secret
      .command('list <tenant>')
      .description("list a tenant's credentials (systems and update times)")
      .option('--json', 'print JSON'),
  ).action((tenant: string, flags: JsonFlag) =>
    withServices(cli, flags, async (services) => {
      await requireTenant(services, tenant);
      const list = await services.secrets.list(tenant);
      if (flags.json) return cli.json({ secrets: list.map(tenantSecretJson) });
      printSecrets(cli, tenant, list);
    }),
  );

  addDataDirOption(
    secret.command('delete <tenant> <system>').description("delete a tenant's credential for a system"),
  ).action((tenant: string, system: string, flags: { dataDir?: string }) =>
    withServices(cli, flags, async (services) => {
      await requireTenant(services, tenant);
      if (!(await services.secrets.delete(tenant, system))) {
        throw new PorticoError(
          'not_found',
          `Tenant "${tenant}" has no credential for system "${system}". See: portico tenants secret list ${tenant}`,
        );
      }
      cli.out(`Deleted the ${system} credential of tenant ${tenant}.`);
    }),
  );
}

function keyName(services: CliServices): string {
  return services.key.source === 'env' ? 'the key in PORTICO_SECRET_KEY' : `the key in ${services.key.file}`;
}

/**
 * Refuse to store a credential under a key that cannot open the ones already stored (e.g. the
 * gateway runs with PORTICO_SECRET_KEY but this shell does not set it): the gateway could not
 * decrypt it.
 */
async function assertKeyOpensStoredSecrets(services: CliServices): Promise<void> {
  for (const t of await services.access.listTenants()) {
    const [first] = await services.secrets.list(t.id);
    if (first === undefined) continue;
    try {
      await services.secrets.get(t.id, first.system);
    } catch (err) {
      if (!isPorticoError(err, 'secret_key_invalid')) throw err;
      throw new PorticoError(
        'secret_key_invalid',
        `This command uses ${keyName(services)}, which cannot decrypt the credentials already stored in ${services.dbFile}: ` +
          "it is not the gateway's key. Run it with the same PORTICO_SECRET_KEY (or data dir) as portico serve; nothing was stored.",
      );
    }
    return;
  }
}

function printSecrets(
  cli: CliContext,
  tenant: string,
  secrets: Awaited<ReturnType<CliServices['secrets']['list']>>,
): void {
  if (secrets.length === 0) {
    cli.out(
      `No credentials stored for tenant ${tenant}. Add one with: portico tenants secret set ${tenant} <system> --stdin`,
    );
    return;
  }
  cli.out(table([['SYSTEM', 'UPDATED'], ...secrets.map((s) => [s.system, shortTime(s.updatedAt)])]));
}

async function readSecretValue(
  io: CliIo,
  flags: { fromEnv?: string; stdin?: boolean },
  tenant: string,
  system: string,
): Promise<string> {
  if (flags.fromEnv !== undefined) {
    const value = io.env[flags.fromEnv];
    if (value === undefined || value.trim() === '') {
      throw new PorticoError(
        'invalid_input',
        `The environment variable ${flags.fromEnv} is not set or is empty; nothing was stored.`,
      );
    }
    return value;
  }
  if (flags.stdin) return (await readStdin(io)).replace(/\r?\n$/, '');
  if (io.stdin.isTTY === true && io.stdin.setRawMode !== undefined) {
    return promptHidden(io, `Value of the ${system} credential for tenant ${tenant} (input hidden): `);
  }
  throw new PorticoError(
    'invalid_input',
    'No value given: use --from-env <var> or --stdin (the value is never taken as an argument, so it stays out of shell history).',
  );
}
