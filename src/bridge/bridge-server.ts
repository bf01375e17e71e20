import type { Readable, Writable } from 'node:stream';
import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
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
}

/** A running bridge. */
export interface RunningBridge {
  server: Server;
  gateway: GatewayConnection;
  /** Resolves when the desktop client closes stdin (or {@link close} is called). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * `portico connect`: a stdio MCP server (low-level SDK `Server` + `StdioServerTransport`) that
 * forwards tools/list and tools/call to the gateway unchanged, with progress notifications and
 * tools list_changed. Transport and sign-in failures become `isError` tool results whose text says
 * what to do; the gateway's own JSON-RPC errors pass through as they are.
 */
export async function startBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const log = opts.log ?? quietLog;
  const server = new Server(BRIDGE_SERVER_INFO, { capabilities: { tools: { listChanged: true } } });
  const gateway = new GatewayConnection({
    endpoint: opts.endpoint,
    tokens: opts.tokens,
    log,
    ...(opts.callTimeoutMs !== undefined ? { callTimeoutMs: opts.callTimeoutMs } : {}),
    onToolsChanged: () => {
      log.debug('gateway tool list changed; telling the client');
      server.sendToolListChanged().catch(() => undefined);
    },
  });

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

  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  server.onclose = () => resolveClosed();
  await server.connect(transport);
  (opts.stdin ?? process.stdin).once('end', () => {
    void server.close();
  });
  return {
    server,
    gateway,
    closed,
    close: async () => {
      await gateway.close();
      await server.close();
    },
  };
}
