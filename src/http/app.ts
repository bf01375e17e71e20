import { createMcpHandler, type ServerEventBus } from '@modelcontextprotocol/server';
import { type Context, Hono } from 'hono';
import { DEFAULT_VIEW } from '../catalog/index.js';
import type { Gateway } from '../gateway/index.js';
import { createServerFactory, type RequestFacts } from '../mcp/index.js';
import type { Logger } from '../observability/index.js';
import { discoveryResponse } from './discovery.js';
import { hostAndOriginGuard } from './guards.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';
import { LegacyStreams } from './legacy-stream.js';
import { handleMcpPost } from './mcp-post.js';
import type { SessionIds } from './session-id.js';

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  gateway: Gateway;
  logger: Logger;
  /** Change events (`tools_list_changed`) for listen streams and legacy GET streams. */
  bus: ServerEventBus;
  /** Signs the session ids given to 2025-11-25 clients on initialize. */
  sessions: SessionIds;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /** Request body cap in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Reports readiness for `/healthz` (default: always ready). */
  isReady?: () => boolean;
  /** Extra facts for `/healthz` (catalogue revision, federation, last reload error). */
  health?: () => Record<string, unknown>;
}

/** The HTTP face of Portico. */
export interface HttpApp {
  app: Hono;
  /** End long-lived notification streams (first step of graceful shutdown). */
  drain(): void;
  /** Tear down the SDK handler. */
  close(): Promise<void>;
}

/**
 * Build the web-standard HTTP app (`fetch(Request) → Response`): `/healthz`, the Streamable HTTP
 * MCP endpoint at `/mcp` (default view) and `/mcp/{view}`, and REST discovery.
 */
export function createHttpApp(opts: HttpAppOptions): HttpApp {
  const { gateway, logger } = opts;
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const facts = new WeakMap<Request, RequestFacts>();
  const handler = createMcpHandler(
    createServerFactory(gateway, (req) => (req === undefined ? undefined : facts.get(req))),
    {
      legacy: 'stateless',
      bus: opts.bus,
      maxRequestBodySize: maxBody,
      onerror: (err) => logger.debug({ err }, 'mcp handler reported an error'),
    },
  );
  const streams = new LegacyStreams(opts.bus);
  const listens = new Set<AbortController>();
  const postCtx = { gateway, logger, handler, facts, sessions: opts.sessions, maxBody, listens };

  const app = new Hono();
  app.get('/healthz', (c) => {
    const ready = opts.isReady?.() ?? true;
    return c.json(
      {
        status: ready ? 'ok' : 'starting',
        tools: gateway.catalog.tools.length,
        views: gateway.viewNames(),
        ...opts.health?.(),
      },
      ready ? 200 : 503,
    );
  });

  const mcp = new Hono();
  mcp.use(hostAndOriginGuard(opts.allowedHosts ?? [], opts.allowedOrigins ?? []));
  const unknownView = (c: Context, view: string) =>
    jsonRpcErrorResponse(
      c,
      'unknown_view',
      `No view "${view}": this gateway serves ${gateway
        .viewNames()
        .map((v) => (v === DEFAULT_VIEW ? '/mcp' : `/mcp/${v}`))
        .join(', ')}.`,
    );
  const viewOf = (c: Context): string | undefined => {
    const v = c.req.param('view') ?? DEFAULT_VIEW;
    return gateway.view(v) === undefined ? undefined : v;
  };

  mcp.get('/tools/list', (c) => discoveryResponse(c, gateway, DEFAULT_VIEW));
  mcp.get('/:view/tools/list', (c) => {
    const view = viewOf(c);
    return view === undefined ? unknownView(c, c.req.param('view')) : discoveryResponse(c, gateway, view);
  });
  for (const path of ['/', '/:view']) {
    mcp.post(path, (c) => {
      const view = viewOf(c);
      return view === undefined ? unknownView(c, c.req.param('view') ?? '') : handleMcpPost(c, view, postCtx);
    });
    mcp.get(path, (c) => {
      if (viewOf(c) === undefined) return unknownView(c, c.req.param('view') ?? '');
      const sid = c.req.header('mcp-session-id');
      if (sid === undefined) {
        return jsonRpcErrorResponse(
          c,
          'method_not_allowed',
          'Method GET not allowed without a session: POST JSON-RPC requests (2026-07-28 clients use subscriptions/listen).',
          { Allow: 'POST' },
        );
      }
      if (!opts.sessions.verify(sid)) {
        return c.json(
          {
            jsonrpc: '2.0',
            id: null,
            error: { code: -32001, message: 'Session not found: initialize again.' },
          },
          404,
        );
      }
      if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
        return jsonRpcErrorResponse(
          c,
          'not_acceptable',
          'Not Acceptable: the GET stream needs Accept: text/event-stream.',
        );
      }
      return streams.open(c.req.raw.signal);
    });
    mcp.on(['DELETE', 'PUT', 'PATCH'], path, (c) =>
      jsonRpcErrorResponse(
        c,
        'method_not_allowed',
        `Method ${c.req.method} not allowed: this is a stateless Streamable HTTP endpoint; send JSON-RPC with POST.`,
        { Allow: 'GET, POST' },
      ),
    );
  }
  app.route('/mcp', mcp);

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((err, c) => {
    logger.error({ err }, 'unhandled error in HTTP app');
    return jsonRpcErrorResponse(c, 'internal', 'Internal error: the gateway failed to handle this request.');
  });

  return {
    app,
    drain: () => {
      streams.closeAll();
      for (const ctl of listens) ctl.abort();
    },
    close: () => handler.close(),
  };
}
