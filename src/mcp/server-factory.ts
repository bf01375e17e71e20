import { type McpServerFactory, ProtocolError, Server } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import { DEFAULT_VIEW } from '../catalog/index.js';
import { errorMapping, isPorticoError } from '../errors/index.js';
import type { CallContext, CallRecord, Gateway, McpFeatures } from '../gateway/index.js';
import type { ResourceSubscriptions } from '../subscriptions/index.js';

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
  /** The verified `Mcp-Session-Id` of a 2025-11-25 client, when it sent one. */
  sessionId?: string;
}

/**
 * Map a domain error to the JSON-RPC error the SDK sends; a federated server's own JSON-RPC error
 * (resources/read, prompts/get, …) keeps its code and message.
 */
function toProtocolError(err: unknown): unknown {
  if (isPorticoError(err)) return new ProtocolError(errorMapping(err.code).jsonrpc, err.message, err.details);
  if (
    err instanceof Error &&
    'code' in err &&
    typeof err.code === 'number' &&
    !(err instanceof ProtocolError)
  ) {
    return new ProtocolError(err.code, err.message, (err as { data?: unknown }).data);
  }
  return err;
}

/**
 * `resources/subscribe` and `resources/unsubscribe` (2025-11-25): held for the client's session,
 * whose GET stream then carries `notifications/resources/updated`.
 */
function registerSubscribe(
  server: Server,
  subscriptions: ResourceSubscriptions,
  facts: RequestFacts | undefined,
): void {
  const session = (): { id: string; caller: Principal } => {
    if (facts?.sessionId === undefined || facts.principal === undefined) {
      throw new ProtocolError(
        errorMapping('invalid_request').jsonrpc,
        'resources/subscribe needs a session: send the Mcp-Session-Id that initialize returned (updates arrive on that session’s GET stream).',
      );
    }
    return { id: facts.sessionId, caller: facts.principal };
  };
  server.setRequestHandler('resources/subscribe', async (req) => {
    const s = session();
    try {
      await subscriptions.subscribeSession(s.id, s.caller, req.params.uri);
    } catch (err) {
      throw toProtocolError(err);
    }
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', async (req) => {
    const s = session();
    try {
      await subscriptions.unsubscribeSession(s.id, s.caller, req.params.uri);
    } catch (err) {
      throw toProtocolError(err);
    }
    return {};
  });
}

/** Register resources, prompts and completions of federated servers on `server`. */
function registerFeatures(server: Server, features: McpFeatures, facts: RequestFacts | undefined): void {
  const on = features.features();
  const opts = (signal: AbortSignal) => ({
    signal,
    ...(facts?.principal !== undefined ? { caller: facts.principal } : {}),
  });
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (err) {
        throw toProtocolError(err);
      }
    };
  if (on.resources) {
    server.setRequestHandler(
      'resources/list',
      guard(async (_req, ctx) => ({ resources: await features.resources(opts(ctx.mcpReq.signal)) })),
    );
    server.setRequestHandler(
      'resources/templates/list',
      guard(async () => ({ resourceTemplates: features.resourceTemplates() })),
    );
    server.setRequestHandler(
      'resources/read',
      guard(async (req, ctx) => features.readResource(req.params.uri, opts(ctx.mcpReq.signal))),
    );
  }
  if (on.prompts) {
    server.setRequestHandler(
      'prompts/list',
      guard(async () => ({ prompts: features.prompts() })),
    );
    server.setRequestHandler(
      'prompts/get',
      guard(async (req, ctx) =>
        features.getPrompt(req.params.name, req.params.arguments, opts(ctx.mcpReq.signal)),
      ),
    );
  }
  const setLogLevel = features.setLogLevel?.bind(features);
  if (on.logging && setLogLevel !== undefined) {
    // Replaces the SDK's own handler, whose level would die with this per-request instance.
    server.setRequestHandler(
      'logging/setLevel',
      guard(async (req, ctx) => {
        // Forwarding may start the caller's instances: only for callers allowed to use them.
        if (facts?.principal?.scopes.has('mcp.tools.invoke') === true) {
          await setLogLevel(req.params.level, opts(ctx.mcpReq.signal));
        }
        return {};
      }),
    );
  }
  if (on.completions) {
    server.setRequestHandler(
      'completion/complete',
      guard(async (req, ctx) => features.complete(req.params, opts(ctx.mcpReq.signal))),
    );
  }
}

/**
 * The SDK server factory: a lightweight low-level `Server` whose handlers delegate to the shared
 * {@link Gateway}. All state lives in the gateway, so building one per request is cheap and the
 * endpoint stays stateless (any replica can answer any request).
 */
export function createServerFactory(
  gateway: Gateway,
  factsOf: (req: Request | undefined) => RequestFacts | undefined,
  subscriptions?: ResourceSubscriptions,
): McpServerFactory {
  return (ctx) => {
    const features = gateway.mcpFeatures;
    const on = features?.features();
    const subscribable = on?.resources === true && on.subscribe === true && subscriptions !== undefined;
    const server = new Server(SERVER_INFO, {
      capabilities: {
        tools: { listChanged: true },
        ...(on?.resources === true
          ? { resources: { listChanged: true, ...(subscribable ? { subscribe: true } : {}) } }
          : {}),
        ...(on?.prompts === true ? { prompts: { listChanged: true } } : {}),
        ...(on?.completions === true ? { completions: {} } : {}),
        ...(on?.logging === true ? { logging: {} } : {}),
      },
      instructions: 'Portico gateway: call tools/list to see the tools this API exposes.',
    });
    const facts = factsOf(ctx.requestInfo);
    if (features !== undefined) registerFeatures(server, features, facts);
    if (subscribable) registerSubscribe(server, subscriptions, facts);
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
      if (on?.logging === true) {
        // The SDK applies the client's level: the request's own (2026-07-28) or logging/setLevel.
        callCtx.onLog = (m) => {
          hctx.mcpReq.log(m.level, m.data, m.logger).catch(() => undefined);
        };
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
