import { createMcpHandler } from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import type { Gateway } from '../gateway/index.js';
import { createServerFactory, type RequestFacts } from '../mcp/index.js';
import { correlationId, type Logger } from '../observability/index.js';
import { acceptsMcp, hostAndOriginGuard, isJsonMediaType } from './guards.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';
import { onBodyEnd } from './on-body-end.js';
import { readBodyLimited } from './read-body.js';

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  gateway: Gateway;
  logger: Logger;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /** Request body cap in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Reports readiness for `/healthz` (default: always ready). */
  isReady?: () => boolean;
}

/** The HTTP face of Portico, plus a `close()` that tears down open MCP exchanges. */
export interface HttpApp {
  app: Hono;
  close(): Promise<void>;
}

function rpcMethodOf(body: unknown): string | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const m = (body as { method?: unknown }).method;
    return typeof m === 'string' ? m : undefined;
  }
  return Array.isArray(body) ? 'batch' : undefined;
}

/**
 * Build the web-standard HTTP app (`fetch(Request) → Response`): `/healthz` and the Streamable
 * HTTP MCP endpoint at `/mcp`, with the edge checks in front of the SDK handler.
 */
export function createHttpApp(opts: HttpAppOptions): HttpApp {
  const { gateway, logger } = opts;
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const facts = new WeakMap<Request, RequestFacts>();
  const handler = createMcpHandler(
    createServerFactory(gateway, (req) => (req === undefined ? undefined : facts.get(req))),
    {
      legacy: 'stateless',
      maxRequestBodySize: maxBody,
      onerror: (err) => logger.debug({ err }, 'mcp handler reported an error'),
    },
  );

  const app = new Hono();

  app.get('/healthz', (c) => {
    const ready = opts.isReady?.() ?? true;
    return c.json(
      { status: ready ? 'ok' : 'starting', tools: gateway.catalog.tools.length },
      ready ? 200 : 503,
    );
  });

  const mcp = new Hono();
  mcp.use(hostAndOriginGuard(opts.allowedHosts ?? [], opts.allowedOrigins ?? []));
  mcp.on(['GET', 'DELETE', 'PUT', 'PATCH'], '/', (c) =>
    jsonRpcErrorResponse(
      c,
      'method_not_allowed',
      `Method ${c.req.method} not allowed: this is a stateless Streamable HTTP endpoint; send JSON-RPC with POST.`,
      { Allow: 'POST' },
    ),
  );
  mcp.post('/', async (c) => {
    const started = performance.now();
    const requestId = correlationId(c.req.raw.headers);
    c.header('x-request-id', requestId);
    const record: RequestFacts['record'] = {};
    let rpcMethod: string | undefined;
    const finish = (res: Response): Response =>
      onBodyEnd(res, () => {
        logger.info(
          {
            requestId,
            method: rpcMethod,
            tool: record.tool,
            status: res.status,
            upstreamStatus: record.upstreamStatus,
            outcome: record.outcome,
            durationMs: Math.round((performance.now() - started) * 100) / 100,
          },
          'mcp request',
        );
      });
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
    const read = await readBodyLimited(c.req.raw, maxBody);
    if (!read.ok) {
      return finish(
        jsonRpcErrorResponse(
          c,
          'payload_too_large',
          `Payload Too Large: request bodies are limited to ${maxBody} bytes (server.max_body_bytes).`,
        ),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch (err) {
      return finish(jsonRpcErrorResponse(c, 'parse_error', `Parse error: ${(err as Error).message}`));
    }
    rpcMethod = rpcMethodOf(body);
    facts.set(c.req.raw, { requestId, record });
    const res = await handler.fetch(c.req.raw, { parsedBody: body });
    res.headers.set('x-request-id', requestId);
    return finish(res);
  });
  app.route('/mcp', mcp);

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((err, c) => {
    logger.error({ err }, 'unhandled error in HTTP app');
    return jsonRpcErrorResponse(c, 'internal', 'Internal error: the gateway failed to handle this request.');
  });

  return { app, close: () => handler.close() };
}
