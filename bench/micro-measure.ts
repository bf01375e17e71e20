/** Cost of one operation measured in-process: wall time and process CPU time per op. */
export interface MicroCase {
  key: string;
  label: string;
  ops: number;
  wallUs: number;
  cpuUs: number;
}

const now = () => performance.now();

/**
 * Run `op` sequentially: `warmMs` of warm-up, then as many ops as fit in `runMs`. CPU is the
 * whole process (`process.cpuUsage`, so GC helper threads count too); wall includes waiting on
 * I/O (the upstream round trip).
 */
export async function measure(
  key: string,
  label: string,
  op: () => Promise<unknown> | unknown,
  warmMs = 300,
  runMs = 1500,
): Promise<MicroCase> {
  const batch = 25;
  const warmEnd = now() + warmMs;
  while (now() < warmEnd) for (let i = 0; i < batch; i++) await op();
  const cpu0 = process.cpuUsage();
  const t0 = now();
  let ops = 0;
  while (now() - t0 < runMs) {
    for (let i = 0; i < batch; i++) await op();
    ops += batch;
  }
  const wallMs = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { key, label, ops, wallUs: (wallMs * 1000) / ops, cpuUs: (cpu.user + cpu.system) / ops };
}
