import type { McpHttpHandler } from '@modelcontextprotocol/server';
import { createMiddleware } from 'hono/factory';
import type { ResolvedCall } from '../../gateway/index.js';
import { type RequestFacts, relayCapabilitiesOf, requestAuthInfo } from '../../mcp/index.js';
import { listenTenant, type ResourceSubscriptions } from '../../subscriptions/index.js';
import { onBodyEnd } from '../on-body-end.js';
import type { SessionIds } from '../session-id.js';
import type { EdgeEnv } from './env.js';
import { holdListenSubscriptions } from './listen-subscriptions.js';

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
            executeAsTask: async (task, ctx) => {
              const done = await resolved.executeAsTask(task, ctx);
              c.set('outcome', done.outcome);
              return done;
            },
          };
    const facts: RequestFacts = {
      requestId: c.get('requestId'),
      view: c.get('view'),
      principal: c.get('principal'),
      ...(call !== undefined ? { call } : {}),
      // A 2026-07-28 retry returns the result of the call an earlier request started.
      recordOutcome: (outcome) => c.set('outcome', outcome),
      recordInputRequired: () =>
        c.set('outcome', { tool: c.get('access')?.audit?.tool ?? '', outcome: 'input_required' }),
    };
    const sessionId = c.req.header('mcp-session-id');
    const session = sessionId === undefined ? undefined : deps.sessions.read(sessionId);
    if (sessionId !== undefined && session !== undefined) {
      facts.sessionId = sessionId;
      if (session.capabilities !== undefined) facts.clientCapabilities = session.capabilities;
    }
    const held =
      rpc.method === 'subscriptions/listen'
        ? await holdListenSubscriptions(deps.subscriptions, facts.principal, rpc.body)
        : { body: rpc.body, release: () => {} };
    if ('error' in held) return c.json({ jsonrpc: '2.0', id: rpc.id, error: held.error });
    const listen = rpc.method === 'subscriptions/listen' ? abortable(rpc.req, deps.listens) : undefined;
    const ended = () => {
      listen?.done();
      held.release();
    };
    const forwarded = listen?.req ?? rpc.req;
    let res: Response;
    try {
      res = await listenTenant.run(facts.principal.tenantId, () =>
        deps.handler.fetch(forwarded, { parsedBody: held.body, authInfo: requestAuthInfo(facts) }),
      );
    } catch (err) {
      ended();
      throw err;
    }
    if (rpc.method === 'initialize' && res.status === 200) {
      const declared = (rpc.body as { params?: { capabilities?: unknown } }).params?.capabilities;
      res.headers.set('mcp-session-id', deps.sessions.issue(relayCapabilitiesOf(declared)));
    }
    return listen === undefined ? res : onBodyEnd(res, ended);
  });
}
