import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Command, ReadyInfo } from './messages.js';

/** The repository root (children run from there so `--import tsx` resolves). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A running benchmark child process. */
export interface Child {
  pid: number;
  /** Wait for the child's next message; rejects on an `error` message or an early exit. */
  next(): Promise<ChildMessage>;
  /** Send a command and wait for its `done`. */
  command(cmd: Command): Promise<void>;
  /** Ask the child to close its server and exit; resolves when it has exited. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Fork `script` (a .ts file in bench/) under tsx with `args`, talking to it over IPC. `env` is
 * added to this process's environment (how API keys reach a child: never on its command line).
 */
export function forkTs(script: string, args: string[], env: Record<string, string> = {}): Child {
  const what = `${script} ${args.join(' ')}`;
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A send racing the child's own disconnect/exit (EPIPE) is harmless: `stop` waits for the exit.
  child.on('error', () => {});
  const queue: ChildMessage[] = [];
  let waiter: { resolve: (m: ChildMessage) => void; reject: (e: Error) => void } | undefined;
  let exitError: Error | undefined;
  child.on('message', (msg: ChildMessage) => {
    if (waiter === undefined) queue.push(msg);
    else {
      const w = waiter;
      waiter = undefined;
      if (msg.type === 'error') w.reject(new Error(`${what} failed:\n${msg.message}`));
      else w.resolve(msg);
    }
  });
  child.once('exit', (code, signal) => {
    exitError = new Error(`${what} exited (code ${code}, signal ${signal})`);
    waiter?.reject(exitError);
    waiter = undefined;
  });
  const next = (): Promise<ChildMessage> => {
    const queued = queue.shift();
    if (queued !== undefined) {
      return queued.type === 'error'
        ? Promise.reject(new Error(`${what} failed:\n${queued.message}`))
        : Promise.resolve(queued);
    }
    if (exitError !== undefined) return Promise.reject(exitError);
    return new Promise((resolve, reject) => {
      waiter = { resolve, reject };
    });
  };
  return {
    pid: child.pid ?? -1,
    next,
    command: async (cmd) => {
      child.send(cmd);
      const reply = await next();
      if (reply.type !== 'done')
        throw new Error(`${what}: expected "done" after ${cmd.type}, got ${reply.type}`);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.connected)
        child.send({ type: 'stop' });
      await exited(child);
    },
  };
}

/** Start a server child (`servers.ts <role> ...args`) and wait until it listens. */
export async function startServerChild(
  args: string[],
  env: Record<string, string> = {},
): Promise<Child & { url: string; info: ReadyInfo }> {
  const child = forkTs('./servers.ts', args, env);
  const ready = await child.next();
  if (ready.type !== 'ready')
    throw new Error(`servers.ts ${args.join(' ')}: expected "ready", got ${ready.type}`);
  return { ...child, url: ready.url, info: ready.info ?? {} };
}

/** Env var that carries FlowHub's workspaces (with their API keys) to a Portico child. */
export const WORKSPACES_ENV = 'PORTICO_BENCH_FLOWHUB_WORKSPACES';

/** The env a Portico child needs to call FlowHub as each tenant. */
export function workspacesEnv(flowhub: { info: ReadyInfo }): Record<string, string> {
  if (flowhub.info.workspaces === undefined) throw new Error('the FlowHub child reported no workspaces');
  return { [WORKSPACES_ENV]: JSON.stringify(flowhub.info.workspaces) };
}
