import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { BIN } from '../support/spawn-cli.js';

/** A fresh credentials file path in a temp dir. */
export function tempCredentials(): string {
  return join(mkdtempSync(join(tmpdir(), 'portico-creds-')), 'credentials.json');
}

/** A bridge child (`node bin/portico.js connect <url>`) driven by the SDK's stdio client. */
export interface BridgeChild {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

/** Spawn `portico connect` with `env` and connect an SDK client to its stdio. */
export async function spawnBridge(
  args: string[],
  env: Record<string, string>,
  era: 'modern' | 'legacy' = 'legacy',
): Promise<BridgeChild> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'connect', ...args],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const client = new Client(
    { name: 'bridge-test', version: '1.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(transport);
  return {
    client,
    stderr: () => err,
    close: async () => {
      await client.close();
    },
  };
}

/** What a {@link CountingProxy} does with each request. */
export type ProxyMode = 'pass' | 'reset' | '503';

/** An HTTP proxy in front of the gateway that counts JSON-RPC calls and can fail them. */
export interface CountingProxy {
  url: string;
  mode: ProxyMode;
  /** tools/call requests seen, by tool name. */
  calls: Map<string, number>;
  /** Requests seen, by JSON-RPC method. */
  methods: Map<string, number>;
  close(): Promise<void>;
}

/** Start a {@link CountingProxy} forwarding to `target` (an origin, e.g. http://127.0.0.1:1234). */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const t = new URL(target);
  const proxy: CountingProxy = {
    url: '',
    mode: 'pass',
    calls: new Map(),
    methods: new Map(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const msg = JSON.parse(body.toString('utf8')) as { method?: string; params?: { name?: string } };
        if (msg.method !== undefined) {
          proxy.methods.set(msg.method, (proxy.methods.get(msg.method) ?? 0) + 1);
          if (msg.method === 'tools/call' && msg.params?.name !== undefined) {
            proxy.calls.set(msg.params.name, (proxy.calls.get(msg.params.name) ?? 0) + 1);
          }
        }
      } catch {
        // not JSON: count nothing
      }
      if (proxy.mode === 'reset') {
        req.socket.destroy();
        return;
      }
      if (proxy.mode === '503') {
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'gateway in maintenance until 10:00' } }));
        return;
      }
      const up = request(
        {
          host: t.hostname,
          port: t.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: t.host },
        },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
