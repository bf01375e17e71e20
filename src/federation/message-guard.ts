import {
  type JSONRPCMessage,
  type MessageExtraInfo,
  ProtocolError,
  ProtocolErrorCode,
  type RequestId,
  type Transport,
} from '@modelcontextprotocol/client';
import { valueDeeperThan } from '../json/index.js';

/** Which bound an answer of a federated server went past. */
export type RefusedAnswer =
  | { limit: 'depth'; maxJsonDepth: number }
  | { limit: 'size'; maxMessageBytes: number };

/**
 * `error.data` of the stand-in answers Portico makes for refused answers, by identity (a server
 * cannot forge one: what it sends is parsed into new objects).
 */
const standIns = new WeakSet<object>();

/** Options of {@link guardMessages}. */
export interface MessageGuardOptions {
  /** The federated server's name (for the stand-in error message). */
  server: string;
  /** Deepest nesting of a message's `result`, `error` or `params` (`server.max_json_depth`). */
  maxDepth: number;
  /** An over-deep notification or request of the server was dropped (called once per transport). */
  onDropped(dropped: { method: string; kind: 'notification' | 'request' }): void;
}

/** What {@link guardMessages} gives back. */
export interface MessageGuard {
  /** Fail the pending request `id` at once: its answer is not read (e.g. too large). */
  refuse(id: RequestId, why: RefusedAnswer): void;
}

type OnMessage = NonNullable<Transport['onmessage']>;

/**
 * Check every message `transport` receives before the SDK client (whose schemas and response
 * cache recurse into values) sees it. A message whose payload nests deeper than `maxDepth`:
 * a response is replaced by a JSON-RPC error answer with the same id, so the pending request
 * fails at once with an error naming the limit ({@link refusedAnswerOf}); a notification or a
 * request of the server is dropped. Call before `client.connect(transport)`: every handler the
 * client (or anything else) installs later is wrapped.
 */
export function guardMessages(transport: Transport, opts: MessageGuardOptions): MessageGuard {
  // The message object of the payload is one level above it.
  const maxMessageDepth = opts.maxDepth + 1;
  // Messages already checked (a wrapped handler may call another wrapped handler).
  const checked = new WeakSet<object>();
  let reported = false;
  let guarded: Transport['onmessage'];

  const standIn = (id: RequestId, why: RefusedAnswer): JSONRPCMessage => {
    const what =
      why.limit === 'depth'
        ? `it is nested deeper than ${why.maxJsonDepth} levels (server.max_json_depth)`
        : `a message is larger than ${why.maxMessageBytes} bytes`;
    const data = { ...why };
    standIns.add(data);
    const message: JSONRPCMessage = {
      jsonrpc: '2.0',
      id,
      error: {
        code: ProtocolErrorCode.InternalError,
        message: `Portico did not read the answer of MCP server "${opts.server}": ${what}.`,
        data,
      },
    };
    checked.add(message);
    return message;
  };

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
      if ('id' in message && message.id !== undefined) {
        next(standIn(message.id, { limit: 'depth', maxJsonDepth: opts.maxDepth }), extra);
      }
    };

  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => guarded,
    set: (next: Transport['onmessage']) => {
      guarded = next === undefined ? undefined : guard(next);
    },
  });
  return { refuse: (id, why) => guarded?.(standIn(id, why)) };
}

/** Why Portico refused the answer, when `err` is a stand-in answer of {@link guardMessages}. */
export function refusedAnswerOf(err: unknown): RefusedAnswer | undefined {
  if (!(err instanceof ProtocolError)) return undefined;
  const data = err.data;
  if (typeof data !== 'object' || data === null || !standIns.has(data)) return undefined;
  return data as RefusedAnswer;
}
