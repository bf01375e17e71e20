import { createMcpHandler, type ServerEventBus } from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import { mount } from 'hono/mount';
import type { Principal } from '../auth/types.js';
import type { Gateway, RelayedRequest } from '../gateway/index.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../json/index.js';
import {
  createServerFactory,
  InputBridge,
  PendingRelays,
  type ReplicaChannel,
  RootsRelay,
  type TaskIds,
} from '../mcp/index.js';
import type { Logger } from '../observability/index.js';
import { type ResourceSubscriptions, TenantScopedBus } from '../subscriptions/index.js';
import { discoveryResponse } from './discovery.js';
import { hostAndOriginGuard } from './guards.js';
import { jsonRpcErrorResponse } from './jsonrpc-error.js';
import { LegacyStreams } from './legacy-stream.js';
import {
  authenticate,
  authorize,
  checkMediaTypes,
  type EdgeEnv,
  execute,
  invokedCaller,
  limit,
  parseJsonRpc,
  peekLimit,
  record,
  resolve,
  resolveListing,
} from './pipeline/index.js';
import type { EdgeSecurity } from './security.js';
import type { SessionIds } from './session-id.js';

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  gateway: Gateway;
  logger: Logger;
  /** Change events (`tools_list_changed`) for listen streams and legacy GET streams. */
  bus: ServerEventBus;
  /** Resource subscriptions of clients on federated servers (`resources/subscribe`, listen streams). */
  subscriptions?: ResourceSubscriptions;
  /** Signs the session ids given to 2025-11-25 clients on initialize. */
  sessions: SessionIds;
  /** Signs the task ids of federated servers' tasks (2025-11-25 clients); without it no task is relayed. */
  taskIds?: TaskIds;
  /** 2026-07-28 requests a tenant may hold suspended for its input (default 100). */
  maxSuspendedCallsPerTenant?: number;
  /** Requests to other replicas (Redis): a 2026-07-28 retry reaches the replica holding its call. */
  replicas?: ReplicaChannel;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /** Request body cap in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Deepest JSON nesting accepted in a request body (default 64). */
  maxJsonDepth?: number;
  /** Reports readiness for `/healthz` (default: always ready). */
  isReady?: () => boolean;
  /** Extra facts for `/healthz` (catalogue revision, federation, last reload error). */
  health?: () => Record<string, unknown>;
  /** Who may call, limits, audit and metrics of the MCP endpoints. */
  security: EdgeSecurity;
  /** The admin API, mounted at `/admin/api` when given. */
  admin?: Hono;
  /**
   * OAuth routes (Protected Resource Metadata, and the built-in authorization server's
   * `/.well-known/oauth-authorization-server` and `/oauth/*`), mounted at the root when given.
   */
  oauth?: Hono;
  /** The web console's fetch handler, mounted at `/console` when given. */
  console?: (req: Request, env?: unknown) => Response | Promise<Response>;
  /** Serve Prometheus metrics at `/metrics` (default true). */
  metricsEndpoint?: boolean;
}

/** The HTTP face of Portico. */
export interface HttpApp {
  app: Hono;
  /** End long-lived notification streams (first step of graceful shutdown). */
  drain(): void;
  /** Tear down the SDK handler. */
  close(): Promise<void>;
  /**
   * POST one JSON-RPC message to `/mcp[/{view}]` as `principal` (in process, no credential on the
   * wire) through the same checks as a client's request: scope, limits, audit, metrics. The
   * console's **Try it** uses it.
   */
  invoke(principal: Principal, view: string, message: unknown): Promise<Response>;
  /**
   * A tenant's server instance asked for `request` with none of the tenant's calls running:
   * `roots/list` goes to the GET stream of the tenant's session that last changed its roots (see
   * `RootsRelay`); anything else is refused with `relay_unsupported`.
   */
  relayOutsideCalls(
    tenant: string,
    request: RelayedRequest,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}

/**
 * Build the web-standard HTTP app (`fetch(Request) → Response`): `/healthz`, the Streamable HTTP
 * MCP endpoint at `/mcp` (default view) and `/mcp/{view}`, and REST discovery.
 */
export function createHttpApp(opts: HttpAppOptions): HttpApp {
  const { gateway, logger, security } = opts;
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const relays = new PendingRelays();
  const roots = new RootsRelay(relays);
  const bridge = new InputBridge({
    key: opts.sessions.stateKey,
    ...(opts.maxSuspendedCallsPerTenant !== undefined
      ? { maxPerTenant: opts.maxSuspendedCallsPerTenant }
      : {}),
    ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
  });
  const handler = createMcpHandler(
    createServerFactory(gateway, relays, opts.subscriptions, roots, opts.taskIds, bridge),
    {
      legacy: 'stateless',
      // Each listen stream receives the events of every tenant and of its own caller's tenant.
      bus: new TenantScopedBus(opts.bus),
      maxRequestBodySize: maxBody,
      onerror: (err) => logger.debug({ err }, 'mcp handler reported an error'),
    },
  );
  const streams = new LegacyStreams(opts.bus, undefined, opts.taskIds);
  const listens = new Set<AbortController>();
  // One JSON-RPC POST after authentication: the edge pipeline (docs/architecture.md).
  const served = [
    record(security, logger),
    checkMediaTypes,
    peekLimit(security),
    parseJsonRpc({
      maxBody,
      maxJsonDepth: opts.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
      relayAnswers: { relays, sessions: opts.sessions },
    }),
    resolve(gateway),
    authorize(security),
    limit(security),
    execute({
      handler,
      sessions: opts.sessions,
      listens,
      ...(opts.subscriptions !== undefined ? { subscriptions: opts.subscriptions } : {}),
    }),
  ] as const;
  const caller = authenticate(gateway, security);

  const app = new Hono();
  // Liveness: the process answers (readiness, with its dependencies, is /healthz).
  app.get('/livez', (c) => c.json({ status: 'alive' }));
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

  const mcp = new Hono<EdgeEnv>();
  mcp.use(hostAndOriginGuard(opts.allowedHosts ?? [], opts.allowedOrigins ?? []));
  for (const path of ['/tools/list', '/:view/tools/list']) {
    mcp.get(path, caller, resolveListing, authorize(security), limit(security), (c) =>
      discoveryResponse(c, gateway, c.get('view'), c.get('principal')),
    );
  }
  for (const path of ['/', '/:view']) {
    mcp.post(path, caller, ...served);
    mcp.get(path, caller, async (c) => {
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
      const subs = opts.subscriptions;
      return streams.open(c.req.raw.signal, {
        tenant: c.get('principal').tenantId,
        session: sid,
        elicitationUrl: opts.sessions.read(sid)?.capabilities?.elicitationUrl === true,
        attach: (write) => roots.attach(sid, write),
        ...(subs !== undefined ? { opened: () => subs.streamOpened(sid) } : {}),
      });
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
  if (opts.console !== undefined) {
    const consoleFetch = opts.console;
    app.get('/console', (c) => c.redirect('/console/', 308));
    app.all(
      '/console/*',
      mount((req: Request, env: unknown) => consoleFetch(req, env)),
    );
  }
  // In-process calls (console Try it): the caller travels as the request's env, never in a header.
  const internal = new Hono<EdgeEnv>();
  internal.post('/mcp/:view', invokedCaller(gateway), ...served);
  if (opts.admin !== undefined) app.route('/admin/api', opts.admin);
  if (opts.oauth !== undefined) app.route('/', opts.oauth);
  if (opts.metricsEndpoint !== false) {
    app.get('/metrics', async (c) =>
      c.body(await security.metrics.render(), 200, { 'content-type': security.metrics.contentType }),
    );
  }

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
    close: () => {
      bridge.close();
      return handler.close();
    },
    relayOutsideCalls: (tenant, request, signal) => roots.relay(tenant, request, signal),
    invoke: async (principal, view, message) => {
      const req = new Request(`http://portico.internal/mcp/${encodeURIComponent(view)}`, {
        method: 'POST',
        headers: {
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify(message),
      });
      return internal.fetch(req, { principal });
    },
  };
}
