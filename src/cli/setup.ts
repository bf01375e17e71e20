import type { Command } from 'commander';
import {
  normalizeGatewayUrl,
  planSetup,
  SETUP_CLIENTS,
  type SetupClient,
  setupConfigPath,
  writeSetup,
} from '../bridge/index.js';
import type { CliContext } from './context.js';

interface SetupFlags {
  token?: string;
  bridge?: boolean;
  write?: boolean;
  name: string;
  showToken?: boolean;
}

/** `portico setup <client> <gateway-url>`: print (or merge) an MCP client's config for a gateway. */
export function registerSetup(program: Command, cli: CliContext): void {
  program
    .command('setup <client> <gateway-url>')
    .description(`print or write the MCP config for a client: ${SETUP_CLIENTS.join(', ')}`)
    .option('--token <mcp_token>', 'connect to the hosted URL with this token (Authorization: Bearer header)')
    .option('--bridge', 'use the stdio bridge (npx portico connect <url>) with your portico login sign-in')
    .option(
      '--write',
      "merge the entry into the client's config file (keeps other entries; PORTICO_SETUP_CONFIG_FILE overrides the path)",
    )
    .option('--name <name>', 'server name in the client config', 'portico')
    .option('--show-token', 'print the token in full (default: shortened)')
    .action(async (client: string, url: string, flags: SetupFlags) => {
      try {
        if (!(SETUP_CLIENTS as readonly string[]).includes(client)) {
          throw new Error(`Unknown client "${client}". Choose one of: ${SETUP_CLIENTS.join(', ')}.`);
        }
        if (flags.token !== undefined && flags.bridge)
          throw new Error('Choose either --token or --bridge, not both.');
        const c = client as SetupClient;
        const input = {
          client: c,
          gatewayUrl: normalizeGatewayUrl(url),
          name: flags.name,
          mode:
            flags.bridge || (flags.token === undefined && c === 'claude-desktop')
              ? ('bridge' as const)
              : ('token' as const),
          ...(flags.token !== undefined ? { token: flags.token } : {}),
        };
        const printed = planSetup(input, flags.showToken === true);
        cli.out(printed.text);
        if (!flags.write) return;
        const written = planSetup(input, true);
        const path = setupConfigPath(c, cli.io.env, process.platform, cli.io.cwd);
        if (written.key === undefined || written.entry === undefined || path === undefined) {
          throw new Error(`${client} has no config file portico can write; follow the instructions above.`);
        }
        if (input.mode === 'token' && input.token === undefined) {
          throw new Error('Pass --token mcp_… (or --bridge) with --write, so the written config works.');
        }
        const { replaced } = await writeSetup(path, written.key, flags.name, written.entry);
        cli.out(`\n${replaced ? 'Replaced' : 'Added'} "${flags.name}" in ${path} (other entries kept).`);
      } catch (err) {
        cli.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
        cli.exitCode = 1;
      }
    });
}
