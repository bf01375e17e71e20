import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** A listening Node HTTP server for a Hono app. */
export interface NodeHttpServer {
  url: string;
  host: string;
  port: number;
  /** Stop accepting, let in-flight requests finish (up to `graceMs`), then close idle sockets. */
  close(graceMs?: number): Promise<void>;
}

/** Serve `app` on `host:port` (port 0 picks a free port) — a thin wrapper over @hono/node-server. */
export function listen(app: Hono, host: string, port: number): Promise<NodeHttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        host,
        port: info.port,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const s = server as import('node:http').Server;
            // Keep-alive sockets become idle as in-flight responses finish: close them as they do.
            const sweep = setInterval(() => s.closeIdleConnections(), 25);
            const force = setTimeout(() => s.closeAllConnections(), graceMs);
            force.unref();
            s.close(() => {
              clearInterval(sweep);
              clearTimeout(force);
              done();
            });
            s.closeIdleConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
