/** Diagnostics for the bridge and the client commands: stderr only (stdout carries MCP messages). */
export interface BridgeLog {
  /** Always shown: what the user should know (startup, failures). */
  info(message: string): void;
  /** Shown with PORTICO_DEBUG=1. */
  debug(message: string): void;
}

/**
 * A logger on `stderr` (default the process's) prefixed with `portico:`; `debug` only when
 * PORTICO_DEBUG=1. Never pass tokens.
 */
export function stderrLog(
  env: Record<string, string | undefined> = process.env,
  stderr: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): BridgeLog {
  const debug = env.PORTICO_DEBUG === '1' || env.PORTICO_DEBUG === 'true';
  return {
    info: (m) => {
      stderr.write(`portico: ${m}\n`);
    },
    debug: (m) => {
      if (debug) stderr.write(`portico [debug]: ${m}\n`);
    },
  };
}

/** A logger that drops everything (tests, library use). */
export const quietLog: BridgeLog = { info: () => undefined, debug: () => undefined };
