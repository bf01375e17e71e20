import { ConfigError, formatConfigIssues } from '../config/index.js';
import { isPorticoError } from '../errors/index.js';

/** Print a startup/command error for a human on stderr and return the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    console.error(`Invalid configuration:\n${formatConfigIssues(err.issues)}`);
  } else if (isPorticoError(err)) {
    console.error(`Error [${err.code}]: ${err.message}`);
  } else {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
  }
  return 1;
}
