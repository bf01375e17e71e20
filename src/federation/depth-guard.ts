import {
  type JSONRPCMessage,
  type MessageExtraInfo,
  ProtocolError,
  ProtocolErrorCode,
  type Transport,
} from '@modelcontextprotocol/client';
import { valueDeeperThan } from '../json/index.js';

/**
 * `error.data` of the stand-in answers made for over-deep responses, by identity (a server
 * cannot forge one: it can only send data that is parsed into a new object).
 */
const standIns = new WeakSet<object>();

/** Options of {@link guardMessageDepth}. */
export interface DepthGuardOptions {
  /** The federated server's name (for the stand-in error message). */
  server: string;
  /** Deepest nesting of a message's `result`, `error` or `params` (`server.max_json_depth`). */
  maxDepth: number;
  /** An over-deep notification or request of the server was dropped (called once per transport). */
  onDropped(dropped: { method: string; kind: 'notification' | 'request' }): void;
}

type OnMessage = NonNullable<Transport['onmessage']>;

/**
 * Check every message `transport` receives before the SDK client (whose schemas and response
 * cache recurse into values) sees it. A message whose payload nests deeper than `maxDepth`:
 * a response is replaced by a JSON-RPC error answer with the same id, so the pending request
 * fails at once with an error naming the limit ({@link depthLimitOf}); a notification or a
 * request of the server is dropped. Call before `client.connect(transport)`: every handler the
 * client (or anything else) installs later is wrapped.
 */
export function guardMessageDepth(transport: Transport, opts: DepthGuardOptions): void {
  // The message object of the payload is one level above it.
  const maxMessageDepth = opts.maxDepth + 1;
  // Messages already checked (a wrapped handler may call another wrapped handler).
  const checked = new WeakSet<object>();
  let reported = false;
  let handler: Transport['onmessage'];
  let guarded: Transport['onmessage'];

  const guard =
    (next: OnMessage): OnMessage =>
    (message: JSONRPCMessage, extra?: MessageExtraInfo) => {
      if (checked.has(message) || !valueDeeperThan(message, maxMessageDepth)) {
        checked.add(message);
        next(message, extra);
        return;
      }
      if ('method' in message) {
        if (!reported) {
          reported = true;
          const method = typeof message.method === 'string' ? message.method.slice(0, 100) : '?';
          opts.onDropped({ method, kind: 'id' in message ? 'request' : 'notification' });
        }
        return;
      }
      if (!('id' in message)) return;
      const data = { maxJsonDepth: opts.maxDepth };
      standIns.add(data);
      const standIn: JSONRPCMessage = {
        jsonrpc: '2.0',
        id: message.id,
        error: {
          code: ProtocolErrorCode.InternalError,
          message: `Portico did not read the answer of MCP server "${opts.server}": it is nested deeper than ${opts.maxDepth} levels (server.max_json_depth).`,
          data,
        },
      };
      checked.add(standIn);
      next(standIn, extra);
    };

  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => guarded,
    set: (next: Transport['onmessage']) => {
      handler = next;
      guarded = handler === undefined ? undefined : guard(handler);
    },
  });
}

/** The limit, when `err` is the stand-in answer {@link guardMessageDepth} made for an over-deep response. */
export function depthLimitOf(err: unknown): number | undefined {
  if (!(err instanceof ProtocolError)) return undefined;
  const data = err.data;
  if (typeof data !== 'object' || data === null || !standIns.has(data)) return undefined;
  return (data as { maxJsonDepth: number }).maxJsonDepth;
}
