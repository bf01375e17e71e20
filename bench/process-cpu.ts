import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** One process in a {@link CpuSnapshot}. */
export interface ProcessCpu {
  comm: string;
  ppid: number;
  ticks: number;
}

/** CPU ticks (user + system) per process, and the machine's busy and total ticks, at one moment. */
export interface CpuSnapshot {
  at: number;
  /** pid → { comm, ppid, ticks }. */
  processes: Map<number, ProcessCpu>;
  /** Machine-wide busy ticks (all cores), from `/proc/stat`. */
  busy: number;
}

/** Read every process's CPU time from `/proc` (Linux only; unreadable entries are skipped). */
export function cpuSnapshot(): CpuSnapshot {
  const processes = new Map<number, ProcessCpu>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces; fields after it are space-separated.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after "state".
      const ticks = Number(fields[11]) + Number(fields[12]);
      processes.set(Number(name), { comm, ppid: Number(fields[1]), ticks });
    } catch {
      // exited meanwhile, or not readable
    }
  }
  const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = cpu.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + (v || 0)), 0);
  return { at: performance.now(), processes, busy };
}

/**
 * Cores used between two snapshots, per group: `groups` maps a group name to a test on
 * (pid, process); the first matching group takes the process, the rest count as `other`. `machine`
 * is every core's busy time (so `machine − sum of groups` includes processes that exited).
 */
export function coresUsed(
  before: CpuSnapshot,
  after: CpuSnapshot,
  groups: Record<string, (pid: number, p: ProcessCpu) => boolean>,
): Record<string, number> {
  const seconds = (after.at - before.at) / 1000;
  const out: Record<string, number> = Object.fromEntries(Object.keys(groups).map((g) => [g, 0]));
  out.other = 0;
  for (const [pid, p] of after.processes) {
    const delta = p.ticks - (before.processes.get(pid)?.ticks ?? 0);
    if (delta <= 0) continue;
    const group = Object.keys(groups).find((g) => groups[g]?.(pid, p)) ?? 'other';
    out[group] = (out[group] ?? 0) + delta;
  }
  const cores: Record<string, number> = {};
  for (const [g, ticks] of Object.entries(out)) cores[g] = round(ticks / TICKS_PER_SECOND / seconds);
  cores.machine = round((after.busy - before.busy) / TICKS_PER_SECOND / seconds);
  return cores;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
