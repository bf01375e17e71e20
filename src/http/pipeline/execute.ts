import type { McpHttpHandler } from '@modelcontextprotocol/server';
import { createMiddleware } from 'hono/factory';
import { errorMapping } from '../../errors/index.js';
import type { ResolvedCall } from '../../gateway/index.js';
import { type RequestFacts, relayCapabilitiesOf, requestAuthInfo } from '../../mcp/index.js';
import { listenTenant, type ResourceSubscriptions } from '../../subscriptions/index.js';
import { onBodyEnd } from '../on-body-end.js';
import type { SessionIds } from '../session-id.js';
import type { EdgeEnv } from './env.js';

/** What {@link execute} serves requests with. */
export interface ExecuteDeps {
  handler: McpHttpHandler;
  sessions: SessionIds;
  /** Open `subscriptions/listen` exchanges, aborted on drain. */
  listens: Set<AbortController>;
  /** Resource subscriptions on federated servers (held while a listen stream is open). */
  subscriptions?: ResourceSubscriptions;
}

/** An abortable copy of the request, so shutdown can end a `subscriptions/listen` stream. */
function abortable(req: Request, listens: Set<AbortController>): { req: Request; done: () => void } {
  const ctl = new AbortController();
  req.signal.addEventListener('abort', () => ctl.abort(), { once: true });
  listens.add(ctl);
  return {
    req: new Request(req.url, { method: 'POST', headers: req.headers, signal: ctl.signal }),
    done: () => listens.delete(ctl),
  };
}

/** The `resourceSubscriptions` a `subscriptions/listen` request asks for (strings only). */
function listenUris(body: unknown): string[] {
  const n = (body as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params
    ?.notifications?.resourceSubscriptions;
  return Array.isArray(n) ? n.filter((u): u is string => typeof u === 'string') : [];
}

/** The listen request with only the URIs Portico could subscribe to (what its ack then reports). */
function withListenUris(body: unknown, uris: string[]): unknown {
  const b = body as { params: { notifications: Record<string, unknown> } };
  const notifications = { ...b.params.notifications };
  if (uris.length > 0) notifications.resourceSubscriptions = uris;
  else delete notifications.resourceSubscriptions;
  return { ...b, params: { ...b.params, notifications } };
}

/**
 * Serve the request with the SDK handler; a tools/call runs the call `resolve` resolved, and what it
 * did → `outcome`. A successful initialize gets a session id (2025-11-25 clients).
 */
export function execute(deps: ExecuteDeps) {
  return createMiddleware<EdgeEnv>(async (c) => {
    const rpc = c.get('rpc') as NonNullable<EdgeEnv['Variables']['rpc']>;
    const resolved = c.get('access')?.call;
    const call: ResolvedCall | undefined =
      resolved === undefined
        ? undefined
        : {
            ...resolved,
            execute: async (ctx) => {
              const done = await resolved.execute(ctx);
              c.set('outcome', done.outcome);
              return done;
            },
          };
    const facts: RequestFacts = {
      requestId: c.get('requestId'),
      view: c.get('view'),
      principal: c.get('principal'),
      ...(call !== undefined ? { call } : {}),
    };
    const sessionId = c.req.header('mcp-session-id');
    const session = sessionId === undefined ? undefined : deps.sessions.read(sessionId);
    if (sessionId !== undefined && session !== undefined) {
      facts.sessionId = sessionId;
      if (session.capabilities !== undefined) facts.clientCapabilities = session.capabilities;
    }
    let body = rpc.body;
    let release = () => {};
    if (rpc.method === 'subscriptions/listen' && deps.subscriptions !== undefined) {
      const asked = listenUris(body);
      if (asked.length > 0) {
        try {
          const held = await deps.subscriptions.holdForListen(facts.principal, asked);
          body = withListenUris(body, held.held);
          release = held.release;
        } catch (err) {
          const e = err as { code?: string; message?: string };
          const code = e.code === 'invalid_request' ? 'invalid_request' : 'internal';
          return c.json({
            jsonrpc: '2.0',
            id: rpc.id,
            error: { code: errorMapping(code).jsonrpc, message: e.message },
          });
        }
      }
    }
    const listen = rpc.method === 'subscriptions/listen' ? abortable(rpc.req, deps.listens) : undefined;
    const forwarded = listen?.req ?? rpc.req;
    const res = await listenTenant.run(facts.principal.tenantId, () =>
      deps.handler.fetch(forwarded, { parsedBody: body, authInfo: requestAuthInfo(facts) }),
    );
    if (rpc.method === 'initialize' && res.status === 200) {
      const declared = (rpc.body as { params?: { capabilities?: unknown } }).params?.capabilities;
      res.headers.set('mcp-session-id', deps.sessions.issue(relayCapabilitiesOf(declared)));
    }
    return listen === undefined
      ? res
      : onBodyEnd(res, () => {
          listen.done();
          release();
        });
  });
}
