import { type McpServerFactory, ProtocolError, Server } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import { DEFAULT_VIEW } from '../catalog/index.js';
import { errorMapping, isPorticoError } from '../errors/index.js';
import type { CallContext, CallRecord, Gateway } from '../gateway/index.js';

/** Server identity advertised to clients. */
export const SERVER_INFO = { name: 'portico', version: '0.1.0' } as const;

/** Per-HTTP-request facts shared between the edge and the MCP handlers. */
export interface RequestFacts {
  requestId: string;
  /** The view this request addresses (`default` for `/mcp`). */
  view: string;
  record: CallRecord;
  /** The authenticated caller. */
  principal?: Principal;
}

/** Map a domain error to the JSON-RPC error the SDK sends. */
function toProtocolError(err: unknown): unknown {
  if (isPorticoError(err)) return new ProtocolError(errorMapping(err.code).jsonrpc, err.message, err.details);
  return err;
}

/**
 * The SDK server factory: a lightweight low-level `Server` whose handlers delegate to the shared
 * {@link Gateway}. All state lives in the gateway, so building one per request is cheap and the
 * endpoint stays stateless (any replica can answer any request).
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
    const view = facts?.view ?? DEFAULT_VIEW;
    server.setRequestHandler('tools/list', async (req) => {
      try {
        return gateway.listTools(view, req.params?.cursor, undefined, facts?.principal);
      } catch (err) {
        throw toProtocolError(err);
      }
    });
    server.setRequestHandler('tools/call', async (req, hctx) => {
      const progressToken = req.params._meta?.progressToken;
      const callCtx: CallContext = { signal: hctx.mcpReq.signal };
      if (facts !== undefined) {
        callCtx.requestId = facts.requestId;
        callCtx.record = facts.record;
        if (facts.principal !== undefined) callCtx.principal = facts.principal;
      }
      if (progressToken !== undefined) {
        callCtx.onProgress = (p) => {
          hctx.mcpReq
            .notify({ method: 'notifications/progress', params: { progressToken, ...p } })
            .catch(() => undefined);
        };
      }
      try {
        return await gateway.callTool(view, req.params.name, req.params.arguments, callCtx);
      } catch (err) {
        throw toProtocolError(err);
      }
    });
    return server;
  };
}
