import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

/** Limits of each phase of a client connection (all optional; defaults in parentheses). */
export interface ConnectionLimits {
  /** Time to receive the request head (10 s); slower heads (slowloris) get 408 and are closed. */
  headersTimeoutMs?: number;
  /** Time to receive the body after the head (30 s); then 408 and the connection is closed. */
  bodyTimeoutMs?: number;
  /** Slowest accepted body transfer in bytes/s, averaged from the second second on (1,024; 0 = off). */
  bodyMinBytesPerSec?: number;
  /** Idle time before a keep-alive connection is closed (5 s). */
  keepAliveTimeoutMs?: number;
  /** Concurrent connections per client address (256); more get 429 and are closed. */
  maxConnectionsPerAddress?: number;
  /** Largest request head in bytes (16 KiB); larger heads get 431. */
  maxHeaderBytes?: number;
}

const DEFAULTS: Required<ConnectionLimits> = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  bodyMinBytesPerSec: 1_024,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerAddress: 256,
  maxHeaderBytes: 16 * 1024,
};

/** A complete HTTP/1.1 response written straight to a socket that is then closed. */
function rawResponse(status: number, reason: string, message: string, extra = ''): string {
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message } });
  return (
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`
  );
}

function endWith(socket: Socket, response: string): void {
  if (socket.destroyed) return;
  if (socket.writable) socket.end(response);
  // Do not wait for a client that does not read: the response is best effort.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** Requests whose body is still arriving, checked once a second against the minimum rate. */
function watchBodyRate(req: IncomingMessage, res: ServerResponse, minBytesPerSec: number): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (minBytesPerSec <= 0 || !hasBody || req.complete) return;
  const socket = req.socket;
  const startBytes = socket.bytesRead;
  const started = performance.now();
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    if (seconds < 2) return;
    if ((socket.bytesRead - startBytes) / seconds < minBytesPerSec) {
      clearInterval(timer);
      // Answered already (e.g. 401 without reading the body): just drop the connection.
      if (res.headersSent) return void socket.destroy();
      endWith(
        socket,
        rawResponse(
          408,
          'Request Timeout',
          `Request Timeout: the body arrived slower than ${minBytesPerSec} bytes/s (server.body_min_bytes_per_sec).`,
        ),
      );
    }
  }, 1_000);
  timer.unref();
  req.once('end', () => clearInterval(timer));
  req.once('close', () => clearInterval(timer));
}

/** Harden a Node HTTP server: per-address connection cap, body rate, and answers to bad heads. */
function harden(server: Server, limits: Required<ConnectionLimits>): void {
  const perAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const n = (perAddress.get(address) ?? 0) + 1;
    perAddress.set(address, n);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    if (n > limits.maxConnectionsPerAddress) {
      endWith(
        socket,
        rawResponse(
          429,
          'Too Many Requests',
          `Too many connections: at most ${limits.maxConnectionsPerAddress} at once from one address (server.max_connections_per_address).`,
          'Retry-After: 1\r\n',
        ),
      );
    }
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    watchBodyRate(req, res, limits.bodyMinBytesPerSec),
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const current = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent === true) {
      return void socket.destroy();
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      return endWith(
        socket,
        rawResponse(
          431,
          'Request Header Fields Too Large',
          `Request Header Fields Too Large: the request head is limited to ${limits.maxHeaderBytes} bytes.`,
        ),
      );
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      return endWith(
        socket,
        rawResponse(
          408,
          'Request Timeout',
          `Request Timeout: the request was not received within ${limits.headersTimeoutMs} ms (head, server.headers_timeout_ms) + ${limits.bodyTimeoutMs} ms (body, server.body_timeout_ms).`,
        ),
      );
    }
    endWith(socket, rawResponse(400, 'Bad Request', 'Bad Request: the HTTP request could not be parsed.'));
  });
}

/**
 * Serve `app` on `host:port` (port 0 picks a free port) — a thin wrapper over @hono/node-server
 * with a timeout for every phase of a connection (head, body, minimum body rate, keep-alive idle)
 * and a cap on concurrent connections per client address.
 */
export function listen(
  app: Hono,
  host: string,
  port: number,
  connectionLimits: ConnectionLimits = {},
): Promise<NodeHttpServer> {
  const limits: Required<ConnectionLimits> = { ...DEFAULTS };
  for (const [k, v] of Object.entries(connectionLimits)) {
    if (v !== undefined) (limits as unknown as Record<string, number>)[k] = v;
  }
  const shortest = Math.min(limits.headersTimeoutMs, limits.bodyTimeoutMs);
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        hostname: host,
        port,
        serverOptions: {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          maxHeaderSize: limits.maxHeaderBytes,
          // How often Node checks the head and request timeouts (its default, 30 s, is coarser than them).
          connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(shortest / 4))),
        },
      },
      (info: AddressInfo) => {
        const shownHost = host.includes(':') ? `[${host}]` : host;
        resolve({
          url: `http://${shownHost}:${info.port}`,
          host,
          port: info.port,
          close: (graceMs = 10_000) =>
            new Promise<void>((done) => {
              const s = server as Server;
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
      },
    );
    harden(server as Server, limits);
    server.once('error', reject);
  });
}
