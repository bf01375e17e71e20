import { ConfigError, formatConfigIssues } from '../config/index.js';
import { isPorticoError } from '../errors/index.js';
import type { CliContext } from './context.js';

/** Print a startup/command error for a human on stderr (never a stack trace); returns exit code 1. */
export function reportError(cli: CliContext, err: unknown): number {
  if (err instanceof ConfigError) {
    cli.err(`Invalid configuration:\n${formatConfigIssues(err.issues)}`);
  } else if (isPorticoError(err)) {
    cli.err(`Error [${err.code}]: ${err.message}`);
  } else {
    cli.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
  }
  return 1;
}
