/** Diagnostics for the bridge and the client commands: stderr only (stdout carries MCP messages). */
export interface BridgeLog {
  /** Always shown: what the user should know (startup, failures). */
  info(message: string): void;
  /** Shown with PORTICO_DEBUG=1. */
  debug(message: string): void;
}

/** A stderr logger prefixed with `portico:`; `debug` only when PORTICO_DEBUG=1. Never pass tokens. */
export function stderrLog(env: NodeJS.ProcessEnv = process.env): BridgeLog {
  const debug = env.PORTICO_DEBUG === '1' || env.PORTICO_DEBUG === 'true';
  return {
    info: (m) => {
      process.stderr.write(`portico: ${m}\n`);
    },
    debug: (m) => {
      if (debug) process.stderr.write(`portico [debug]: ${m}\n`);
    },
  };
}

/** A logger that drops everything (tests, library use). */
export const quietLog: BridgeLog = { info: () => undefined, debug: () => undefined };
