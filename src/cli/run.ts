import { Command, CommanderError } from 'commander';
import { registerAudit } from './audit.js';
import { registerAuth } from './auth.js';
import { registerCheck } from './check.js';
import { registerConnect } from './connect.js';
import { CliContext } from './context.js';
import { registerDemo } from './demo.js';
import { registerGrants } from './grants.js';
import type { CliIo } from './io.js';
import { registerLogin } from './login.js';
import { registerLogout } from './logout.js';
import { registerReload } from './reload.js';
import { reportError } from './report-error.js';
import { registerServe } from './serve.js';
import { registerSetup } from './setup.js';
import { registerStatus } from './status.js';
import { registerTenants } from './tenants.js';
import { registerTokens } from './tokens.js';
import { registerUsers } from './users.js';

/** The `portico` program for one run: every command writes through `cli`, none exits the process. */
function program(cli: CliContext): Command {
  const { io } = cli;
  const width = (s: CliIo['stdout']) => (s.isTTY === true && s.columns !== undefined ? s.columns : 80);
  // Set before the commands are added: subcommands inherit both settings.
  const root = new Command()
    .name('portico')
    .description('Portico: serve your API to AI assistants as an MCP server')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => width(io.stdout),
      getErrHelpWidth: () => width(io.stderr),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  for (const register of [
    registerServe,
    registerCheck,
    registerDemo,
    registerTenants,
    registerTokens,
    registerAudit,
    registerUsers,
    registerGrants,
    registerLogin,
    registerLogout,
    registerStatus,
    registerConnect,
    registerReload,
    registerSetup,
    registerAuth,
  ]) {
    register(root, cli);
  }
  return root;
}

/**
 * Run `portico <argv…>` (arguments without the node and script paths) and resolve with its exit
 * code once the command finished: at once for admin commands, after a graceful shutdown for
 * `serve`, `demo` and `connect`. Output, input, environment, working directory and signals all go
 * through `io`; nothing here calls `process.exit`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const cli = new CliContext(io);
  try {
    await program(cli).parseAsync([...argv], { from: 'user' });
    return cli.exitCode;
  } catch (err) {
    // --help, --version and usage errors: commander already printed what to say.
    if (err instanceof CommanderError) return err.exitCode;
    return reportError(cli, err);
  }
}
