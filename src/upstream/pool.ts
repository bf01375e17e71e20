import { Pool } from 'undici';
import type { SystemSpec } from '../spec/index.js';

/** Lazily created keep-alive connection pools, one per origin (and timeout settings). */
export class PoolRegistry {
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  /** The pool for `origin`, created on first use with the system's connect/total timeouts. */
  get(origin: string, system: Pick<SystemSpec, 'connectTimeoutMs' | 'timeoutMs'>): Pool {
    const key = `${origin}|${system.connectTimeoutMs}|${system.timeoutMs}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      if (this.closed) throw new Error('the upstream client is closed');
      pool = new Pool(origin, {
        connectTimeout: system.connectTimeoutMs,
        // Backstops only: the per-attempt timer in the client normally fires first.
        headersTimeout: system.timeoutMs + 1000,
        bodyTimeout: system.timeoutMs + 1000,
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Close every pool (in-flight requests finish first); later `get` calls throw. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}
