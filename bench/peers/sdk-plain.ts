/**
 * Peer for the side-by-side benchmark: what a developer writes with the official SDK v2 alone — an
 * `McpServer` with one tool, `get_flow`, forwarding by hand to FlowHub (`undici.request`, the
 * workspace's API key), served statelessly for both revisions by `createMcpHandler` on
 * `@hono/node-server`. No auth, limits, audit or logging: the plain floor a gateway competes with.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { request } from 'undici';
import { z } from 'zod';

/** A running plain SDK v2 server. */
export interface PlainSdkServer {
  url: string;
  close(): Promise<void>;
}

/** Serve `get_flow` on 127.0.0.1 (port 0), forwarding to `flowhubUrl` with `apiKey`. */
export function startPlainSdkServer(flowhubUrl: string, apiKey: string): Promise<PlainSdkServer> {
  // Built once, not per request: zod compiles a schema on first use, and a per-request schema
  // would charge that compilation to every call.
  const inputSchema = z.object({ flow: z.string() });
  const handler = createMcpHandler(
    () => {
      const server = new McpServer({ name: 'plain-sdk-v2', version: '1.0.0' });
      server.registerTool('get_flow', { description: 'Get flow details', inputSchema }, async ({ flow }) => {
        const res = await request(`${flowhubUrl}/api/flows/${encodeURIComponent(flow)}`, {
          headers: { accept: 'application/json', 'x-api-key': apiKey },
        });
        const text = await res.body.text();
        return { content: [{ type: 'text', text }], isError: res.statusCode >= 400 };
      });
      return server;
    },
    { legacy: 'stateless' },
  );
  return new Promise((resolve) => {
    const server = serve(
      { fetch: (req) => handler.fetch(req), hostname: '127.0.0.1', port: 0 },
      (info: AddressInfo) =>
        resolve({
          url: `http://127.0.0.1:${info.port}/mcp`,
          close: async () => {
            await handler.close();
            await new Promise<void>((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections(): void }).closeAllConnections();
            });
          },
        }),
    );
  });
}
