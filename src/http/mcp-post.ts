import { type McpHttpHandler, readRequestBody } from '@modelcontextprotocol/server';
import type { Context } from 'hono';
import { auditArguments } from '../audit/index.js';
import type { Principal, Scope } from '../auth/types.js';
import { errorMapping } from '../errors/index.js';
import type { Gateway } from '../gateway/index.js';
import { parseBoundedJson } from '../json/index.js';
import type { RequestFacts } from '../mcp/index.js';
import { correlationId, type Logger } from '../observability/index.js';
import type { AuditOutcome, AuditRow } from '../store/types.js';
import { listenTenant, type ResourceSubscriptions } from '../subscriptions/index.js';
import { acceptsMcp, isJsonMediaType } from './guards.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';
import { holdLastChunk, onBodyEnd } from './on-body-end.js';
import { invalidParams, isPrototypeMethod } from './rpc-shape.js';
import { type EdgeSecurity, insufficientScopeResponse, limitedResponse } from './security.js';
import type { SessionIds } from './session-id.js';

/** The audit/metrics outcome of a request that was neither denied nor limited. */
/** Scopes of the federated servers' resources, prompts and completions (listing = discovery, use = invoke). */
const FEDERATED_FEATURE_SCOPES: Record<string, Scope | undefined> = {
  'resources/list': 'mcp.tools.discovery',
  'resources/templates/list': 'mcp.tools.discovery',
  'prompts/list': 'mcp.tools.discovery',
  'resources/read': 'mcp.tools.invoke',
  'prompts/get': 'mcp.tools.invoke',
  'completion/complete': 'mcp.tools.invoke',
  'resources/subscribe': 'mcp.tools.invoke',
  'resources/unsubscribe': 'mcp.tools.invoke',
};

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

function outcomeOf(method: string | undefined, status: number, recorded: string | undefined): AuditOutcome {
  if (method === 'tools/call') return (recorded as AuditOutcome | undefined) ?? 'error';
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

/** What the POST handler shares with the app. */
export interface McpPostContext {
  security: EdgeSecurity;
  gateway: Gateway;
  logger: Logger;
  handler: McpHttpHandler;
  facts: WeakMap<Request, RequestFacts>;
  sessions: SessionIds;
  maxBody: number;
  /** Deepest JSON nesting accepted in a request body (`server.max_json_depth`). */
  maxJsonDepth: number;
  /** Open `subscriptions/listen` exchanges, aborted on drain. */
  listens: Set<AbortController>;
  /** Resource subscriptions on federated servers (held while a listen stream is open). */
  subscriptions?: ResourceSubscriptions;
}

function rpcMethodOf(body: unknown): string | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const m = (body as { method?: unknown }).method;
    return typeof m === 'string' ? m : undefined;
  }
  return Array.isArray(body) ? 'batch' : undefined;
}

/** `tools/invoke` (older gateway APIs) is served as `tools/call`. */
function aliasInvoke(body: unknown, req: Request): { body: unknown; req: Request } {
  const b = body as { method?: unknown };
  if (b === null || typeof b !== 'object' || b.method !== 'tools/invoke') return { body, req };
  const headers = new Headers(req.headers);
  if (headers.has('mcp-method')) headers.set('mcp-method', 'tools/call');
  return {
    body: { ...b, method: 'tools/call' },
    req: new Request(req.url, { method: 'POST', headers, signal: req.signal }),
  };
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
 * POST `/mcp[/{view}]`: edge checks (Accept 406, Content-Type 415, size 413, JSON -32700), then
 * the SDK handler; logs one line per request when its response has been sent.
 */
export async function handleMcpPost(
  c: Context,
  view: string,
  principal: Principal,
  ctx: McpPostContext,
): Promise<Response> {
  const started = performance.now();
  const requestId = correlationId(c.req.raw.headers);
  c.header('x-request-id', requestId);
  const record: RequestFacts['record'] = {};
  const sec = ctx.security;
  let rpcMethod: string | undefined;
  let after: (() => void) | undefined;
  /** Set for tools/list and tools/call: what the audit trail records. */
  let audited: { tool: string | null; args: Record<string, unknown> | undefined } | undefined;
  let verdict: 'denied' | 'limited' | undefined;
  /** Duration and outcome of the request, once its response is known. */
  const summarize = (res: Response) => {
    const ms = performance.now() - started;
    return { ms, outcome: verdict ?? outcomeOf(rpcMethod, res.status, record.outcome) };
  };
  const auditRow = (ms: number, outcome: AuditOutcome): AuditRow => {
    const seen = audited as NonNullable<typeof audited>;
    const tool = record.tool ?? seen.tool;
    const { argKeys, args } = auditArguments(tool ?? '', seen.args, sec.recordArguments());
    return {
      at: new Date(),
      tenantId: principal.tenantId,
      tokenId: principal.tokenId,
      view,
      method: rpcMethod as string,
      tool,
      outcome,
      upstreamStatus: record.upstreamStatus ?? null,
      durationMs: Math.round(ms * 100) / 100,
      requestId,
      argKeys,
      args,
    };
  };
  /** Metrics and the request log line, once the response has been sent. */
  const report = (res: Response, ms: number, outcome: AuditOutcome) => {
    after?.();
    if (rpcMethod !== undefined) sec.metrics.observeRequest(rpcMethod, record.tool, outcome, ms / 1000);
    if (record.system !== undefined && (record.upstreamStatus ?? record.upstreamError) !== undefined) {
      sec.metrics.observeUpstream(
        record.system,
        record.upstreamStatus ?? record.upstreamError ?? 'error',
        (record.upstreamMs ?? ms) / 1000,
      );
    }
    ctx.logger.info(
      {
        requestId,
        view,
        tenant: principal.tenantId,
        token: principal.tokenId,
        method: rpcMethod,
        tool: record.tool,
        status: res.status,
        upstreamStatus: record.upstreamStatus,
        outcome,
        durationMs: Math.round(ms * 100) / 100,
      },
      'mcp request',
    );
  };
  const finish = (res: Response): Response => {
    const commit = sec.audit.commit?.bind(sec.audit);
    if (audited !== undefined && commit !== undefined && sec.auditDurability?.() === 'sync') {
      // audit.durability sync: the response's last chunk is released once its row is committed.
      let s = { ms: 0, outcome: 'error' as AuditOutcome };
      return holdLastChunk(
        res,
        async () => {
          s = summarize(res);
          if (!(await commit(auditRow(s.ms, s.outcome)))) {
            ctx.logger.warn(
              { requestId },
              'audit: the row of this request could not be committed before its response',
            );
          }
        },
        () => report(res, s.ms, s.outcome),
      );
    }
    return onBodyEnd(res, () => {
      const { ms, outcome } = summarize(res);
      if (audited !== undefined) sec.audit.record(auditRow(ms, outcome));
      report(res, ms, outcome);
    });
  };
  if (!acceptsMcp(c.req.header('accept'))) {
    return finish(
      jsonRpcErrorResponse(
        c,
        'not_acceptable',
        'Not Acceptable: the Accept header must list both application/json and text/event-stream.',
      ),
    );
  }
  if (!isJsonMediaType(c.req.header('content-type'))) {
    return finish(
      jsonRpcErrorResponse(
        c,
        'unsupported_media_type',
        'Unsupported Media Type: Content-Type must be application/json.',
      ),
    );
  }
  // Limits before the body: a caller over its rate is refused without its body being read.
  const early = await sec.limits.exhausted?.(principal);
  if (early !== undefined && !early.ok) {
    verdict = 'limited';
    sec.metrics.limitRejected(early.limit);
    return finish(limitedResponse(c, early));
  }
  let read: Awaited<ReturnType<typeof readRequestBody>>;
  try {
    read = await readRequestBody(c.req.raw, ctx.maxBody);
  } catch {
    // The connection layer cut the body (too slow, or the client went away).
    return finish(
      jsonRpcErrorResponse(
        c,
        'request_timeout',
        'Request Timeout: the request body was not received in time.',
      ),
    );
  }
  if (read.tooLarge) {
    return finish(
      jsonRpcErrorResponse(
        c,
        'payload_too_large',
        `Payload Too Large: request bodies are limited to ${ctx.maxBody} bytes (server.max_body_bytes).`,
      ),
    );
  }
  const json = parseBoundedJson(read.text, ctx.maxJsonDepth);
  if (!json.ok) {
    return finish(
      json.reason === 'depth'
        ? jsonRpcErrorResponse(
            c,
            'invalid_request',
            `Invalid Request: the body is ${json.message} (server.max_json_depth); flatten the arguments or ask the operator to raise the limit.`,
          )
        : jsonRpcErrorResponse(c, 'parse_error', `Parse error: ${json.message}`),
    );
  }
  const parsed = json.value;
  if (Array.isArray(parsed)) {
    return finish(
      jsonRpcErrorResponse(
        c,
        'invalid_request',
        'Invalid Request: JSON-RPC batches are not supported; send one message per POST.',
      ),
    );
  }
  let { body, req } = aliasInvoke(parsed, c.req.raw);
  rpcMethod = rpcMethodOf(body);
  const shapeError = isPrototypeMethod(body)
    ? ({ code: 'method_not_found', message: `Method not found: ${rpcMethod}` } as const)
    : invalidParams(body);
  if (shapeError !== undefined) {
    // A JSON-RPC error about the request itself (HTTP 200), like the SDK's own -32601/-32602 answers.
    const id = (body as { id?: unknown }).id;
    const { code, message } =
      typeof shapeError === 'string'
        ? { code: 'invalid_arguments' as const, message: `Invalid params: ${shapeError}` }
        : shapeError;
    return finish(
      c.json({
        jsonrpc: '2.0',
        id: typeof id === 'string' || typeof id === 'number' ? id : null,
        error: { code: errorMapping(code).jsonrpc, message },
      }),
    );
  }
  if (rpcMethod === 'subscriptions/listen') {
    const asked = listenUris(body);
    let release = () => {};
    if (asked.length > 0 && ctx.subscriptions !== undefined) {
      try {
        const held = await ctx.subscriptions.holdForListen(principal, asked);
        body = withListenUris(body, held.held);
        release = held.release;
      } catch (err) {
        const id = (body as { id?: string | number | null }).id ?? null;
        const e = err as { code?: string; message?: string };
        const code = e.code === 'invalid_request' ? 'invalid_request' : 'internal';
        return finish(
          c.json({ jsonrpc: '2.0', id, error: { code: errorMapping(code).jsonrpc, message: e.message } }),
        );
      }
    }
    const a = abortable(req, ctx.listens);
    req = a.req;
    after = () => {
      a.done();
      release();
    };
  }
  if (rpcMethod === 'tools/list' || rpcMethod === 'tools/call') {
    const params = (body as { params?: { name?: unknown; arguments?: unknown } }).params;
    const id = (body as { id?: string | number | null }).id ?? null;
    const name = rpcMethod === 'tools/call' && typeof params?.name === 'string' ? params.name : null;
    const args =
      params?.arguments !== null && typeof params?.arguments === 'object' && !Array.isArray(params.arguments)
        ? (params.arguments as Record<string, unknown>)
        : undefined;
    audited = { tool: name, args };
    const needed =
      rpcMethod === 'tools/list'
        ? { scope: 'mcp.tools.discovery' as const }
        : ctx.gateway.scopeForCall(view, name ?? '', args ?? {});
    if (needed.scope !== undefined && !principal.scopes.has(needed.scope)) {
      verdict = 'denied';
      const what =
        rpcMethod === 'tools/list'
          ? 'listing tools'
          : `calling ${name ?? 'a tool'}${needed.target !== undefined && needed.target !== name ? ` (${needed.target})` : ''}`;
      return finish(
        insufficientScopeResponse(c, needed.scope, what, principal, id, sec.challengeParams?.(c, view)),
      );
    }
    const limit = await sec.limits.check(principal, { call: rpcMethod === 'tools/call' });
    if (!limit.ok) {
      verdict = 'limited';
      sec.metrics.limitRejected(limit.limit);
      return finish(limitedResponse(c, limit, id));
    }
  }
  const featureScope = rpcMethod === undefined ? undefined : FEDERATED_FEATURE_SCOPES[rpcMethod];
  if (featureScope !== undefined) {
    const id = (body as { id?: string | number | null }).id ?? null;
    if (!principal.scopes.has(featureScope)) {
      verdict = 'denied';
      return finish(insufficientScopeResponse(c, featureScope, `calling ${rpcMethod}`, principal, id));
    }
    const limit = await sec.limits.check(principal, { call: false });
    if (!limit.ok) {
      verdict = 'limited';
      sec.metrics.limitRejected(limit.limit);
      return finish(limitedResponse(c, limit, id));
    }
  }
  const sid = c.req.header('mcp-session-id');
  const sessionId = sid !== undefined && ctx.sessions.verify(sid) ? sid : undefined;
  ctx.facts.set(req, {
    requestId,
    view,
    record,
    principal,
    ...(sessionId !== undefined ? { sessionId } : {}),
  });
  const forwarded = req;
  const res = await listenTenant.run(principal.tenantId, () =>
    ctx.handler.fetch(forwarded, { parsedBody: body }),
  );
  res.headers.set('x-request-id', requestId);
  if (rpcMethod === 'initialize' && res.status === 200)
    res.headers.set('mcp-session-id', ctx.sessions.issue());
  return finish(res);
}
