import { setTimeout as sleep } from 'node:timers/promises';

/** True while a process with this id exists (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Make sure a child the SDK transport was asked to stop is gone. The transport's own shutdown
 * (stdin EOF, then SIGTERM after 2 s, then SIGKILL after 2 s more) does not wait for the SIGKILL
 * to land: wait up to `graceMs` for the exit, then SIGKILL again.
 */
export async function stopProcess(pid: number, graceMs = 2000): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(20);
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Exited in between.
  }
  while (isAlive(pid) && Date.now() < deadline + 1000) await sleep(20);
}
