import { type McpServerFactory, ProtocolError, type Server } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import { errorMapping, isPorticoError } from '../errors/index.js';
import type { CallContext, Gateway, McpFeatures } from '../gateway/index.js';
import { DEFAULT_VIEW } from '../spec/index.js';
import type { ResourceSubscriptions, SessionLogLevels } from '../subscriptions/index.js';
import { callNotifications, registerRootsChanged, rememberLogLevel } from './client-notifications.js';
import type { PendingRelays } from './pending-relays.js';
import { clientRelay, relayOwner } from './relay.js';
import { factsOf, type RequestFacts } from './request-facts.js';
import type { RootsRelay } from './roots-relay.js';

export { type RequestFacts, requestAuthInfo } from './request-facts.js';

import type { TaskIds } from './task-ids.js';
import { isTaskAugmented, publishCreated, registerTasks, TaskAwareServer, tasksCapability } from './tasks.js';

/** Server identity advertised to clients. */
export const SERVER_INFO = { name: 'portico', version: '0.1.0' } as const;

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

/** Run `fn`, mapping a domain error to the JSON-RPC error the SDK sends. */
async function guarded<R>(fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    throw toProtocolError(err);
  }
}

/** Register resources, prompts and completions of federated servers on `server`. */
function registerFeatures(
  server: Server,
  features: McpFeatures,
  facts: RequestFacts | undefined,
  levels: SessionLogLevels | undefined,
): void {
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
        rememberLogLevel(levels, facts, req.params.level);
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
  pending?: PendingRelays,
  subscriptions?: ResourceSubscriptions,
  roots?: RootsRelay,
  taskIds?: TaskIds,
): McpServerFactory {
  return (ctx) => {
    const features = gateway.mcpFeatures;
    const on = features?.features();
    const subscribable = on?.resources === true && on.subscribe === true && subscriptions !== undefined;
    // Tasks are a 2025-11-25 feature (2026-07-28 moved them to an extension the SDK does not serve).
    const taskSupport = on?.tasks;
    const taskRelay =
      ctx.era === 'legacy' &&
      taskIds !== undefined &&
      features?.tasks !== undefined &&
      taskSupport?.toolsCall === true
        ? { tasks: features.tasks, ids: taskIds, support: taskSupport }
        : undefined;
    const server = new TaskAwareServer(SERVER_INFO, {
      capabilities: {
        tools: { listChanged: true },
        ...(on?.resources === true
          ? { resources: { listChanged: true, ...(subscribable ? { subscribe: true } : {}) } }
          : {}),
        ...(on?.prompts === true ? { prompts: { listChanged: true } } : {}),
        ...(on?.completions === true ? { completions: {} } : {}),
        ...(on?.logging === true ? { logging: {} } : {}),
        ...(taskRelay !== undefined ? { tasks: tasksCapability(taskRelay.support) } : {}),
      },
      instructions: 'Portico gateway: call tools/list to see the tools this API exposes.',
    });
    const facts = factsOf(ctx);
    if (taskRelay !== undefined) {
      server.answerTaskAugmentedCalls();
      registerTasks(server, taskRelay.tasks, taskRelay.ids, facts?.principal, taskRelay.support, guarded);
    }
    if (features !== undefined) {
      registerFeatures(server, features, facts, subscriptions?.logLevels);
      registerRootsChanged(server, features, facts, roots);
    }
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
        callCtx.principal = facts.principal;
      }
      const notes = callNotifications(ctx.era, server, hctx, facts, subscriptions?.logLevels);
      if (on?.logging === true && notes.onLog !== undefined) callCtx.onLog = notes.onLog;
      if (notes.onElicitationComplete !== undefined)
        callCtx.onElicitationComplete = notes.onElicitationComplete;
      if (pending !== undefined) {
        callCtx.onServerRequest = clientRelay(
          {
            era: ctx.era,
            owner: relayOwner(facts?.principal),
            ...(facts?.sessionId !== undefined ? { sessionId: facts.sessionId } : {}),
            ...(facts?.clientCapabilities !== undefined ? { capabilities: facts.clientCapabilities } : {}),
          },
          server,
          hctx,
          pending,
        );
      }
      if (progressToken !== undefined) {
        callCtx.onProgress = (p) => {
          hctx.mcpReq
            .notify({ method: 'notifications/progress', params: { progressToken, ...p } })
            .catch(() => undefined);
        };
      }
      const call = facts?.call ?? gateway.resolveCall(view, req.params.name, req.params.arguments);
      try {
        if (taskRelay !== undefined && isTaskAugmented(req.params) && req.params.task !== undefined) {
          const creation = await call.executeAsTask(req.params.task, callCtx);
          // A CreateTaskResult answers a task-augmented call (the SDK's tools/call type has no room for it).
          return publishCreated(creation, facts?.principal?.tenantId ?? '', taskRelay.ids) as never;
        }
        return (await call.execute(callCtx)).result;
      } catch (err) {
        throw toProtocolError(err);
      }
    });
    return server;
  };
}
