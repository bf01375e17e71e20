import {
  type InputRequiredResult,
  isInputRequiredResult,
  type McpServerFactory,
  ProtocolError,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Principal } from '../auth/types.js';
import { errorMapping } from '../errors/index.js';
import type { CallContext, Gateway, McpFeatures, RelayToClient, UpstreamInput } from '../gateway/index.js';
import { DEFAULT_VIEW } from '../spec/index.js';
import type { ResourceSubscriptions, SessionLogLevels } from '../subscriptions/index.js';
import { callNotifications, registerRootsChanged, rememberLogLevel } from './client-notifications.js';
import type { InputBridge } from './input-bridge.js';
import { serveModern } from './input-passthru.js';
import type { PendingRelays } from './pending-relays.js';
import { toProtocolError } from './protocol-error.js';
import { clientRelay, relayOwner } from './relay.js';
import { factsOf, type RequestFacts } from './request-facts.js';
import type { RootsRelay } from './roots-relay.js';
import type { TaskIds } from './task-ids.js';
import { isTaskAugmented, publishCreated, registerTasks, TaskAwareServer, tasksCapability } from './tasks.js';

export { type RequestFacts, requestAuthInfo } from './request-facts.js';

/** Server identity advertised to clients. */
export const SERVER_INFO = { name: 'portico', version: '0.1.0' } as const;

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

/**
 * How a request that may make the server ask for input runs: for a 2026-07-28 caller through the
 * input bridge (input-required results), for a 2025-11-25 caller with its requests relayed on the
 * response stream.
 */
type Relayed = <T>(
  hctx: ServerContext,
  /** What the request names (prompt, resource URI): a retry must name the same. */
  subject: string,
  run: (relay: RelayToClient | undefined, signal: AbortSignal, input?: UpstreamInput) => Promise<T>,
) => Promise<T | InputRequiredResult>;

/** Register resources, prompts and completions of federated servers on `server`. */
function registerFeatures(
  server: Server,
  features: McpFeatures,
  facts: RequestFacts | undefined,
  levels: SessionLogLevels | undefined,
  relayed: Relayed,
  callerEra: 'legacy' | 'modern',
): void {
  const on = features.features();
  const opts = (signal: AbortSignal, relay?: RelayToClient, input?: UpstreamInput) => ({
    signal,
    callerEra,
    ...(facts?.principal !== undefined ? { caller: facts.principal } : {}),
    ...(relay !== undefined ? { onServerRequest: relay } : {}),
    ...(input !== undefined ? { input } : {}),
  });
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (err) {
        throw toProtocolError(err, callerEra);
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
      guard(async (req, ctx) =>
        relayed(ctx, req.params.uri, (relay, signal, input) =>
          features.readResource(req.params.uri, opts(signal, relay, input)),
        ),
      ),
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
        relayed(ctx, req.params.name, (relay, signal, input) =>
          features.getPrompt(req.params.name, req.params.arguments, opts(signal, relay, input)),
        ),
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
 * endpoint stays stateless (any replica can answer any request) — except a 2026-07-28 request
 * suspended for client input, which `bridge` holds on this replica until the caller's retry.
 */
export function createServerFactory(
  gateway: Gateway,
  pending?: PendingRelays,
  subscriptions?: ResourceSubscriptions,
  roots?: RootsRelay,
  taskIds?: TaskIds,
  bridge?: InputBridge,
): McpServerFactory {
  return (ctx) => {
    const features = gateway.mcpFeatures;
    const on = features?.features();
    const subscribable = on?.resources === true && on.subscribe === true && subscriptions !== undefined;
    const facts = factsOf(ctx);
    const owner = relayOwner(facts?.principal);
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
      // A 2026-07-28 retry's requestState: Portico's own, signed for this caller (else -32602).
      ...(bridge !== undefined
        ? { requestState: { verify: async (state) => bridge.verify(state, owner) } }
        : {}),
    });
    const legacyRelay = (hctx: ServerContext): RelayToClient | undefined =>
      pending === undefined
        ? undefined
        : clientRelay(
            {
              era: ctx.era,
              owner,
              ...(facts?.sessionId !== undefined ? { sessionId: facts.sessionId } : {}),
              ...(facts?.clientCapabilities !== undefined ? { capabilities: facts.clientCapabilities } : {}),
            },
            server,
            hctx,
            pending,
          );
    const relayed: Relayed = (hctx, subject, run) =>
      ctx.era === 'modern' && bridge !== undefined
        ? serveModern(bridge, {
            owner,
            tenant: facts?.principal?.tenantId ?? '',
            subject,
            hctx,
            run: (relay, signal, _current, input) => run(relay, signal, input),
            finish: (value) => value,
          })
        : run(legacyRelay(hctx), hctx.mcpReq.signal);
    if (taskRelay !== undefined) {
      server.answerTaskAugmentedCalls();
      registerTasks(server, taskRelay.tasks, taskRelay.ids, facts?.principal, taskRelay.support, guarded);
    }
    if (features !== undefined) {
      registerFeatures(server, features, facts, subscriptions?.logLevels, relayed, ctx.era);
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
      const call =
        facts?.call ??
        gateway.resolveCall(view, req.params.name, req.params.arguments, facts?.principal?.tenantId);
      /** The call's context; `current()` is the caller's request served now (a retry, when bridged). */
      const callContext = (current: () => ServerContext | undefined): CallContext => {
        const callCtx: CallContext = { signal: hctx.mcpReq.signal, callerEra: ctx.era };
        if (facts !== undefined) {
          callCtx.requestId = facts.requestId;
          callCtx.principal = facts.principal;
        }
        // Log messages: the request's own level (2026-07-28, applied by the SDK) or the session's
        // logging/setLevel (2025-11-25); URL elicitation completions to 2025-11-25 callers.
        const notes = callNotifications(ctx.era, server, current, facts, subscriptions?.logLevels);
        if (on?.logging === true && notes.onLog !== undefined) callCtx.onLog = notes.onLog;
        if (notes.onElicitationComplete !== undefined)
          callCtx.onElicitationComplete = notes.onElicitationComplete;
        // A 2025-11-25 session's level goes with the call to 2026-07-28 servers (per-request levels).
        const sessionLevel =
          ctx.era === 'legacy' && facts?.sessionId !== undefined
            ? subscriptions?.logLevels?.get(facts.sessionId)
            : undefined;
        if (on?.logging === true && sessionLevel !== undefined) callCtx.logLevel = sessionLevel;
        // A server's -32042 reaches as that error only callers that can show its URLs.
        if (ctx.era === 'legacy' && facts?.clientCapabilities?.elicitationUrl === true)
          callCtx.urlElicitation = true;
        if (req.params._meta?.progressToken !== undefined) {
          callCtx.onProgress = (p) => {
            const now = current();
            const progressToken = now?.mcpReq._meta?.progressToken;
            if (now === undefined || progressToken === undefined) return;
            now.mcpReq
              .notify({ method: 'notifications/progress', params: { progressToken, ...p } })
              .catch(() => undefined);
          };
        }
        return callCtx;
      };
      try {
        if (taskRelay !== undefined && isTaskAugmented(req.params) && req.params.task !== undefined) {
          const callCtx = callContext(() => hctx);
          const relay = legacyRelay(hctx);
          if (relay !== undefined) callCtx.onServerRequest = relay;
          const creation = await call.executeAsTask(req.params.task, callCtx);
          // A CreateTaskResult answers a task-augmented call (the SDK's tools/call type has no room for it).
          return publishCreated(creation, facts?.principal?.tenantId ?? '', taskRelay.ids) as never;
        }
        if (ctx.era === 'modern' && bridge !== undefined) {
          const answer = await serveModern(bridge, {
            owner,
            tenant: facts?.principal?.tenantId ?? '',
            subject: req.params.name,
            hctx,
            run: (relay, signal, current, input) =>
              call.execute({
                ...callContext(current),
                signal,
                ...(relay !== undefined ? { onServerRequest: relay } : {}),
                input,
              }),
            // The request that returns the result records what the call did (audit, metrics).
            finish: (done) => {
              facts?.recordOutcome?.(done.outcome);
              return done.result;
            },
          });
          if (isInputRequiredResult(answer)) facts?.recordInputRequired?.();
          return answer;
        }
        const callCtx = callContext(() => hctx);
        const relay = legacyRelay(hctx);
        if (relay !== undefined) callCtx.onServerRequest = relay;
        const done = await call.execute(callCtx);
        if (done.error !== undefined) throw done.error;
        return done.result;
      } catch (err) {
        throw toProtocolError(err, ctx.era);
      }
    });
    return server;
  };
}
