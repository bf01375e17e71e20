import { type CallToolResult, Server } from '@modelcontextprotocol/server';
import type { Principal } from '../src/auth/types.js';
import type { Gateway } from '../src/gateway/index.js';
import { SERVER_INFO } from '../src/mcp/index.js';

const OPTIONS = {
  capabilities: { tools: { listChanged: true } },
  instructions: 'Portico gateway: call tools/list to see the tools this API exposes.',
};

/** A server like Portico's whose tools/call returns `result` at once: the SDK's cost alone. */
export function constantServer(result: CallToolResult): Server {
  const server = new Server(SERVER_INFO, OPTIONS);
  server.setRequestHandler('tools/list', async () => ({ tools: [] }));
  server.setRequestHandler('tools/call', async () => result);
  return server;
}

/**
 * A server like the one `createServerFactory` builds, for the pooled experiment: the handlers
 * take what they need from the handler context (signal now; per-request facts would be looked
 * up from `ctx.http.req`) instead of a per-request closure, so one instance can serve many
 * requests in turn.
 */
export function gatewayServer(gateway: Gateway, principal: Principal): Server {
  const server = new Server(SERVER_INFO, OPTIONS);
  server.setRequestHandler('tools/list', async (req) =>
    gateway.listTools('default', req.params?.cursor, undefined, principal),
  );
  server.setRequestHandler(
    'tools/call',
    async (req, ctx) =>
      (
        await gateway
          .resolveCall('default', req.params.name, req.params.arguments)
          .execute({ signal: ctx.mcpReq.signal, principal })
      ).result,
  );
  return server;
}
