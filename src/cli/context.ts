import type { CliIo } from './io.js';

/** One run of the CLI: the io its command works through and the exit code it sets. */
export class CliContext {
  /** What `runCli` returns once the command finished. */
  exitCode = 0;

  constructor(readonly io: CliIo) {}

  /** Write `text` and a newline on stdout. */
  out(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Write `text` and a newline on stderr. */
  err(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** Print a value as pretty JSON on stdout. */
  json(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  /** Raise the exit code to `code` unless it is already worse (higher). */
  worst(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }
}
