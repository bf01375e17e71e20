import type { Server, ServerContext } from '@modelcontextprotocol/server';
import type { CallContext, McpFeatures } from '../gateway/index.js';
import { atLeast, type SessionLogLevels } from '../subscriptions/index.js';
import { relayOwner } from './relay.js';
import type { RequestFacts } from './request-facts.js';
import type { RootsRelay } from './roots-relay.js';

/**
 * A 2025-11-25 client's `notifications/roots/list_changed` (POSTed with its session id): sent on to
 * the caller's running `per_tenant` instances, which may ask for the roots again — outside any call,
 * so `roots` remembers the session to ask (on its GET stream). Only callers allowed to call tools
 * (the roots are asked of them during calls).
 */
export function registerRootsChanged(
  server: Server,
  features: McpFeatures,
  facts: RequestFacts | undefined,
  roots: RootsRelay | undefined,
): void {
  const changed = features.rootsListChanged?.bind(features);
  const caller = facts?.principal;
  if (changed === undefined || caller === undefined) return;
  server.setNotificationHandler('notifications/roots/list_changed', async () => {
    if (!caller.scopes.has('mcp.tools.invoke')) return;
    if (facts?.sessionId !== undefined && facts.clientCapabilities?.roots === true)
      roots?.rootsChanged(caller.tenantId, facts.sessionId, relayOwner(caller));
    await changed({ caller });
  });
}

/** `logging/setLevel` of a 2025-11-25 session: remembered here, so its streams get only that level and above. */
export function rememberLogLevel(
  levels: SessionLogLevels | undefined,
  facts: RequestFacts | undefined,
  level: Parameters<SessionLogLevels['set']>[2],
): void {
  if (levels !== undefined && facts?.sessionId !== undefined)
    levels.set(facts.sessionId, facts.principal.tenantId, level);
}

/**
 * Where a federated server's log messages and URL elicitation completions during one tools/call go:
 * the call's response stream. The SDK applies a 2026-07-28 request's own log level; a 2025-11-25
 * session's `logging/setLevel` (stateless: remembered in `levels`) is applied here. Elicitation
 * completions go only to 2025-11-25 callers that declared `elicitation.url` (the 2026-07-28
 * revision removed the notification); they are written to the call's stream directly, since the
 * per-request SDK server does not know what the stateless session declared.
 */
export function callNotifications(
  era: 'legacy' | 'modern',
  server: Server,
  /** The caller's request served now (a 2026-07-28 retry, when the call waits for input). */
  current: () => ServerContext | undefined,
  facts: RequestFacts | undefined,
  levels: SessionLogLevels | undefined,
): Pick<CallContext, 'onLog' | 'onElicitationComplete'> {
  const session = era === 'legacy' ? facts?.sessionId : undefined;
  const urlElicitation = era === 'legacy' && facts?.clientCapabilities?.elicitationUrl === true;
  return {
    onLog: (m) => {
      if (session !== undefined && !atLeast(m.level, levels?.get(session))) return;
      current()
        ?.mcpReq.log(m.level, m.data, m.logger)
        .catch(() => undefined);
    },
    ...(urlElicitation
      ? {
          onElicitationComplete: (params) => {
            const now = current();
            if (now === undefined) return;
            server.transport
              ?.send(
                { jsonrpc: '2.0', method: 'notifications/elicitation/complete', params },
                { relatedRequestId: now.mcpReq.id },
              )
              .catch(() => undefined);
          },
        }
      : {}),
  };
}
