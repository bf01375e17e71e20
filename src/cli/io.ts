import type { Readable, Writable } from 'node:stream';

/** A stream the CLI writes to; `isTTY`/`columns` as on `process.stdout`. */
export type CliOutput = Writable & { isTTY?: boolean; columns?: number };

/** What the CLI reads from; `isTTY`/`setRawMode` as on `process.stdin` (for the hidden prompt). */
export type CliInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Signals the long-running commands (`serve`, `demo`, `connect`) react to. */
export type CliSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/**
 * Everything a command takes from the process. {@link nodeIo} is the real one; tests pass their
 * own streams, environment and signal source to run commands in process.
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: CliInput;
  env: Record<string, string | undefined>;
  /** Relative paths (`--data-dir`, `-c`, `./portico.yaml`) resolve against this directory. */
  cwd: string;
  /** Call `handler` on each `signal` until the returned function is called. */
  onSignal(signal: CliSignal, handler: () => void): () => void;
  /** Leave at once with `code` (a second Ctrl+C while shutting down). */
  exitNow(code: number): void;
  /** Open `url` in the user's browser (`portico login`); rejects when none can be opened. */
  openBrowser(url: string): Promise<void>;
}

/** The process's own streams, environment, directory and signals. */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onSignal(signal, handler) {
      process.on(signal, handler);
      return () => {
        process.off(signal, handler);
      };
    },
    exitNow(code) {
      process.exit(code);
    },
    async openBrowser(url) {
      const { default: open } = await import('open');
      await open(url);
    },
  };
}

/** Everything on `io.stdin` as UTF-8 text (untrimmed). */
export async function readStdin(io: Pick<CliIo, 'stdin'>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}
