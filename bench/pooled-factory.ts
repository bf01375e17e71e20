import type { McpServerFactory, Server } from '@modelcontextprotocol/server';

/** A server factory that reuses idle `Server` instances instead of building one per request. */
export interface PooledFactory {
  factory: McpServerFactory;
  /** Instances built so far (stays small when reuse works). */
  built(): number;
}

/**
 * Experiment for the design in docs/benchmarks.md: one idle pool per protocol era (era is
 * instance state in the SDK). `createMcpHandler` connects the returned instance to a fresh
 * per-request transport and closes it when the exchange ends; the SDK documents that a closed
 * instance may be connected again, so `onclose` puts it back. Per-request facts must then come
 * from the handler context (`ctx.http.req`), not from a closure built by the factory.
 */
export function createPooledServerFactory(build: () => Server, maxIdle = 256): PooledFactory {
  const idle = { modern: new Set<Server>(), legacy: new Set<Server>() };
  let built = 0;
  const create = (pool: Set<Server>): Server => {
    built++;
    const server = build();
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      if (pool.size < maxIdle) pool.add(server);
    };
    return server;
  };
  const factory: McpServerFactory = (ctx) => {
    const pool = ctx.era === 'legacy' ? idle.legacy : idle.modern;
    for (const server of pool) {
      pool.delete(server);
      if (server.transport === undefined) return server;
    }
    return create(pool);
  };
  return { factory, built: () => built };
}
