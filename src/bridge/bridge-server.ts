import type { Readable, Writable } from 'node:stream';
import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import { isBridgeError } from './errors.js';
import { errorResult, GatewayConnection } from './gateway-connection.js';
import { type BridgeLog, quietLog } from './log.js';
import type { TokenSource } from './tokens.js';

/** Identity the bridge advertises to the desktop client. */
export const BRIDGE_SERVER_INFO = { name: 'portico', version: '0.1.0' } as const;

/** Options of {@link startBridge}. */
export interface BridgeOptions {
  /** Gateway MCP endpoint (`…/mcp` or `…/mcp/<view>`). */
  endpoint: string;
  tokens: TokenSource;
  log?: BridgeLog;
  /** Defaults: process.stdin / process.stdout. */
  stdin?: Readable;
  stdout?: Writable;
  callTimeoutMs?: number;
  /** The environment `PORTICO_TIMEOUT_MS` is read from. */
  env?: Record<string, string | undefined>;
}

/** A running bridge. */
export interface RunningBridge {
  gateway: GatewayConnection;
  /** Resolves when the desktop client closes stdin (or {@link close} is called). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** The low-level SDK `Server` for one stdio connection, forwarding tools to `gateway`. */
function bridgeServer(gateway: GatewayConnection, log: BridgeLog): Server {
  const server = new Server(BRIDGE_SERVER_INFO, { capabilities: { tools: { listChanged: true } } });

  server.setRequestHandler('tools/list', async (req) => {
    try {
      const r = await gateway.listTools(req.params?.cursor);
      return { tools: r.tools, ...(r.nextCursor !== undefined ? { nextCursor: r.nextCursor } : {}) };
    } catch (err) {
      if (isBridgeError(err)) {
        log.info(err.message);
        throw new ProtocolError(ProtocolErrorCode.InternalError, err.message);
      }
      throw err;
    }
  });

  server.setRequestHandler('tools/call', async (req, ctx) => {
    const progressToken = req.params._meta?.progressToken;
    try {
      return await gateway.callTool(
        {
          name: req.params.name,
          ...(req.params.arguments !== undefined ? { arguments: req.params.arguments } : {}),
        },
        {
          signal: ctx.mcpReq.signal,
          ...(progressToken !== undefined
            ? {
                onProgress: (p) => {
                  ctx.mcpReq
                    .notify({ method: 'notifications/progress', params: { ...p, progressToken } })
                    .catch(() => undefined);
                },
              }
            : {}),
        },
      );
    } catch (err) {
      if (isBridgeError(err)) {
        log.info(`${req.params.name}: ${err.message}`);
        return errorResult(err);
      }
      throw err;
    }
  });
  return server;
}

/**
 * `portico connect`: a stdio MCP server that forwards tools/list and tools/call to the gateway
 * unchanged, with progress notifications and tools list_changed. The SDK's `serveStdio` decides the
 * era from the client's opening message, so a client pinned to 2026-07-28 (`server/discover`, the
 * `_meta` envelope, `subscriptions/listen` for list changes) and a 2025-11-25 client (`initialize`)
 * are both served. Transport and sign-in failures become `isError` tool results whose text says what
 * to do; the gateway's own JSON-RPC errors pass through as they are.
 */
export async function startBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const log = opts.log ?? quietLog;
  /** The server instance of the connection's era (the last one the entry made). */
  let current: Server | undefined;
  const gateway = new GatewayConnection({
    endpoint: opts.endpoint,
    tokens: opts.tokens,
    log,
    ...(opts.callTimeoutMs !== undefined ? { callTimeoutMs: opts.callTimeoutMs } : {}),
    ...(opts.env !== undefined ? { env: opts.env } : {}),
    onToolsChanged: () => {
      log.debug('gateway tool list changed; telling the client');
      current?.sendToolListChanged().catch(() => undefined);
    },
  });

  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  const handle = serveStdio(
    ({ era }) => {
      log.debug(`desktop client speaks the ${era === 'modern' ? '2026-07-28' : '2025-era'} protocol`);
      current = bridgeServer(gateway, log);
      return current;
    },
    { transport, onerror: (err) => log.debug(`stdio: ${err.message}`) },
  );
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  // serveStdio owns the transport's handlers; chain ours after its close handler.
  const entryOnClose = transport.onclose;
  transport.onclose = () => {
    entryOnClose?.();
    resolveClosed();
  };
  return {
    gateway,
    closed,
    close: async () => {
      await gateway.close();
      await handle.close();
      resolveClosed();
    },
  };
}
