import { type McpServerFactory, ProtocolError, Server } from '@modelcontextprotocol/server';
import { errorMapping, isPorticoError } from '../errors/index.js';
import type { CallRecord, Gateway } from '../gateway/index.js';

/** Server identity advertised to clients. */
export const SERVER_INFO = { name: 'portico', version: '0.1.0' } as const;

/** Per-HTTP-request facts shared between the edge and the MCP handlers. */
export interface RequestFacts {
  requestId: string;
  record: CallRecord;
}

/** Map a domain error to the JSON-RPC error the SDK sends. */
function toProtocolError(err: unknown): unknown {
  if (isPorticoError(err)) return new ProtocolError(errorMapping(err.code).jsonrpc, err.message, err.details);
  return err;
}

/**
 * The SDK server factory: a lightweight low-level `Server` whose two handlers delegate to the
 * shared {@link Gateway}. All state lives in the gateway, so building one per request is cheap
 * and the endpoint stays stateless (any replica can answer any request).
 */
export function createServerFactory(
  gateway: Gateway,
  factsOf: (req: Request | undefined) => RequestFacts | undefined,
): McpServerFactory {
  return (ctx) => {
    const server = new Server(SERVER_INFO, {
      capabilities: { tools: { listChanged: true } },
      instructions: 'Portico gateway: call tools/list to see the tools this API exposes.',
    });
    const facts = factsOf(ctx.requestInfo);
    server.setRequestHandler('tools/list', async (req) => {
      try {
        return gateway.listTools(req.params?.cursor);
      } catch (err) {
        throw toProtocolError(err);
      }
    });
    server.setRequestHandler('tools/call', async (req, hctx) => {
      try {
        return await gateway.callTool(req.params.name, req.params.arguments, {
          signal: hctx.mcpReq.signal,
          ...(facts !== undefined ? { requestId: facts.requestId, record: facts.record } : {}),
        });
      } catch (err) {
        throw toProtocolError(err);
      }
    });
    return server;
  };
}
