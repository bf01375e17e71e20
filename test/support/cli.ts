import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import type { CliIo, CliSignal } from '../../src/cli/index.js';
import { runCli } from '../../src/cli/index.js';
import type { CliRun } from './spawn-cli.js';

/** Options of {@link runPortico} beyond the arguments and environment. */
export interface InProcessOptions {
  /** What the command reads on stdin (default: nothing, already ended). */
  stdin?: string;
  cwd?: string;
  /** Called instead of opening a browser (`portico login`); default: refuse, as without a browser. */
  openBrowser?: (url: string) => Promise<void>;
}

/** A {@link CliIo} for one in-process run: collected output, and signals the test sends. */
export interface TestIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr as one text, in the order written. */
  output(): string;
  /** Deliver a signal to the command's handlers (what Ctrl+C or `kill` would do). */
  signal(name: CliSignal): void;
  /** Codes of `io.exitNow` calls (a real process would have left at once). */
  exits: number[];
  /** Called after every write to stdout or stderr. */
  onOutput(listener: () => void): void;
}

/** The io of one in-process run (environment: `base`, default this process's, plus `env`). */
export function testIo(
  env: Record<string, string> = {},
  opts: InProcessOptions = {},
  base: NodeJS.ProcessEnv = process.env,
): TestIo {
  const texts = { stdout: '', stderr: '', all: '' };
  const events = new EventEmitter();
  const sink = (name: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        texts[name] += chunk.toString();
        texts.all += chunk.toString();
        events.emit('output');
        done();
      },
    });
  const signals = new EventEmitter();
  const exits: number[] = [];
  const io: CliIo = {
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    env: { ...base, ...env },
    cwd: opts.cwd ?? process.cwd(),
    onSignal(signal, handler) {
      signals.on(signal, handler);
      return () => {
        signals.off(signal, handler);
      };
    },
    exitNow(code) {
      exits.push(code);
    },
    openBrowser: opts.openBrowser ?? (() => Promise.reject(new Error('no browser in tests'))),
  };
  return {
    io,
    stdout: () => texts.stdout,
    stderr: () => texts.stderr,
    output: () => texts.all,
    signal: (name) => {
      signals.emit(name);
    },
    exits,
    onOutput: (listener) => {
      events.on('output', listener);
    },
  };
}

/**
 * Run `portico <args>` to completion in this process through `runCli` (environment: `base`,
 * default this process's, plus `env`); the same result as spawn-cli.ts's `spawnCli`, without a process.
 */
export async function runPortico(
  args: string[],
  env: Record<string, string> = {},
  opts: InProcessOptions = {},
  base: NodeJS.ProcessEnv = process.env,
): Promise<CliRun> {
  const t = testIo(env, opts, base);
  const code = await runCli(args, t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

/** A long-running command (`serve`, `demo`) started in process. */
export interface RunningPortico extends TestIo {
  /** What the output matched once `ready` was seen. */
  match: RegExpMatchArray;
  /** Resolves with the exit code once the command returned. */
  done: Promise<number>;
  /** Send SIGTERM (unless the command already returned) and wait for the exit code. */
  stop(): Promise<number>;
}

/** Start `portico <args>` in process; resolves once its output matched `ready`. */
export function startPortico(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  opts: InProcessOptions = {},
): Promise<RunningPortico> {
  const t = testIo(env, opts);
  let finished = false;
  const done = runCli(args, t.io).finally(() => {
    finished = true;
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = () => {
      if (settled) return;
      const m = t.output().match(ready);
      if (m === null) return;
      settled = true;
      resolve({
        ...t,
        match: m,
        done,
        stop: () => {
          if (!finished) t.signal('SIGTERM');
          return done;
        },
      });
    };
    t.onOutput(check);
    check();
    done.then(
      (code) => {
        if (!settled) reject(new Error(`portico ${args[0]} returned early (${code}):\n${t.output()}`));
      },
      (err: unknown) => {
        if (!settled) reject(err);
      },
    );
  });
}
