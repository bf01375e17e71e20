import {
  type CallToolRequestParams,
  type CallToolResult,
  Client,
  type FetchLike,
  type ListToolsResult,
  type Progress,
  type ProtocolError,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { type BridgeError, isBridgeError } from './errors.js';
import { type BridgeLog, quietLog } from './log.js';
import { classifyFetchError, classifyGatewayError } from './network.js';
import type { TokenSource } from './tokens.js';

/** Bridge client identity sent to the gateway. */
export const BRIDGE_CLIENT_INFO = { name: 'portico-connect', version: '0.1.0' } as const;

/** Options of {@link GatewayConnection}. */
export interface GatewayConnectionOptions {
  /** The gateway MCP endpoint (`…/mcp` or `…/mcp/<view>`). */
  endpoint: string;
  tokens: TokenSource;
  /** tools/call timeout (reset by progress); default `PORTICO_TIMEOUT_MS` of {@link env} or 120 s. */
  callTimeoutMs?: number;
  /** tools/list timeout; default 30 s (or `PORTICO_TIMEOUT_MS` of {@link env} when smaller). */
  listTimeoutMs?: number;
  /** The environment `PORTICO_TIMEOUT_MS` is read from (the CLI's; none when absent). */
  env?: Record<string, string | undefined>;
  /** Called when the gateway says its tool list changed. */
  onToolsChanged?: () => void;
  log?: BridgeLog;
  /** The fetch underneath (default: global fetch). */
  fetchFn?: FetchLike;
}

/** Options of one forwarded tool call. */
export interface CallOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** A tool-call failure as the isError result the assistant sees. */
export function errorResult(err: BridgeError): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: err.message }] };
}

/**
 * The bridge's side of the gateway: the SDK `Client` over Streamable HTTP, with a `fetch` that adds
 * the bearer (refreshing as needed; on 401 one refresh and one retry), typed errors, and one retry
 * of transient failures for tools/list and read-only tools only. Connects lazily and reconnects
 * after a failed connect, so a gateway that is down at start is picked up when it returns.
 */
export class GatewayConnection {
  readonly endpoint: string;
  private readonly tokens: TokenSource;
  private readonly log: BridgeLog;
  private readonly baseFetch: FetchLike;
  private readonly callTimeoutMs: number;
  private readonly listTimeoutMs: number;
  private readonly onToolsChanged: (() => void) | undefined;
  private client: Promise<Client> | undefined;
  /** readOnlyHint of every tool seen in a tools/list answer. */
  private readonly readOnly = new Map<string, boolean>();

  constructor(opts: GatewayConnectionOptions) {
    this.endpoint = opts.endpoint;
    this.tokens = opts.tokens;
    this.log = opts.log ?? quietLog;
    this.baseFetch = opts.fetchFn ?? ((url, init) => fetch(url, init));
    const envTimeout = Number(opts.env?.PORTICO_TIMEOUT_MS);
    const timeout = Number.isFinite(envTimeout) && envTimeout > 0 ? envTimeout : undefined;
    this.callTimeoutMs = opts.callTimeoutMs ?? timeout ?? 120_000;
    this.listTimeoutMs = opts.listTimeoutMs ?? Math.min(timeout ?? 30_000, 30_000);
    this.onToolsChanged = opts.onToolsChanged;
  }

  /** The `fetch` handed to the SDK transport: bearer injection, 401 → refresh once → retry once. */
  private readonly authFetch: FetchLike = async (url, init) => {
    const send = async (token: string): Promise<Response> => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      try {
        return await this.baseFetch(url, { ...init, headers });
      } catch (err) {
        if ((err as { name?: string })?.name === 'AbortError') throw err;
        throw classifyFetchError(err, `the gateway at ${this.endpoint}`);
      }
    };
    const token = await this.tokens.token();
    const res = await send(token);
    if (res.status !== 401) return res;
    await res.body?.cancel().catch(() => undefined);
    this.log.debug('gateway answered 401; refreshing the sign-in once');
    return send(await this.tokens.afterUnauthorized(token));
  };

  private connect(): Promise<Client> {
    if (this.client !== undefined) return this.client;
    const attempt = (async () => {
      const client = new Client(BRIDGE_CLIENT_INFO, {
        versionNegotiation: { mode: 'auto' },
        ...(this.onToolsChanged !== undefined
          ? {
              listChanged: {
                tools: { autoRefresh: false, debounceMs: 0, onChanged: () => this.onToolsChanged?.() },
              },
            }
          : {}),
      });
      client.onerror = (err) => this.log.debug(`gateway connection: ${err.message}`);
      const transport = new StreamableHTTPClientTransport(new URL(this.endpoint), { fetch: this.authFetch });
      await client.connect(transport, { timeout: this.listTimeoutMs });
      this.log.debug(`connected to ${this.endpoint}`);
      return client;
    })();
    this.client = attempt;
    attempt.catch(() => {
      if (this.client === attempt) this.client = undefined;
    });
    return attempt;
  }

  /** Run `fn` on the connected client; transient failures retried once when `retry`. */
  private async run<T>(retry: boolean, timeoutMs: number, fn: (c: Client) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(await this.connect());
      } catch (err) {
        const e = this.classify(err, timeoutMs);
        if (retry && attempt === 0 && isBridgeError(e) && e.transient) {
          this.log.info(`${e.message} Retrying once.`);
          continue;
        }
        throw e;
      }
    }
  }

  private classify(err: unknown, timeoutMs: number): BridgeError | ProtocolError {
    return classifyGatewayError(err, this.endpoint, timeoutMs, {
      gatewayUrl: this.tokens.gatewayUrl,
      kind: this.tokens.kind,
      grantedScopes: this.tokens.grantedScopes,
    });
  }

  /** tools/list, retried once on a transient failure. Remembers each tool's readOnlyHint. */
  async listTools(cursor?: string): Promise<ListToolsResult> {
    const result = await this.run(true, this.listTimeoutMs, (c) =>
      c.listTools(cursor !== undefined ? { cursor } : undefined, { timeout: this.listTimeoutMs }),
    );
    for (const tool of result.tools) this.readOnly.set(tool.name, tool.annotations?.readOnlyHint === true);
    return result;
  }

  /** Whether a tool is known to be read-only (unknown tools are not). */
  isReadOnly(name: string): boolean {
    return this.readOnly.get(name) === true;
  }

  /**
   * tools/call, forwarded unchanged. Transient failures are retried once only for read-only tools
   * (never for a call that may change data). Throws {@link BridgeError} or the gateway's ProtocolError.
   */
  async callTool(params: CallToolRequestParams, opts: CallOptions = {}): Promise<CallToolResult> {
    const result = await this.run(this.isReadOnly(params.name), this.callTimeoutMs, (c) =>
      c.callTool(params, {
        timeout: this.callTimeoutMs,
        resetTimeoutOnProgress: true,
        ...(opts.onProgress !== undefined ? { onprogress: opts.onProgress } : {}),
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
      }),
    );
    return result as CallToolResult;
  }

  /** Close the gateway connection. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await (await client.catch(() => undefined))?.close().catch(() => undefined);
  }
}
