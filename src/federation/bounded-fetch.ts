import { type RequestId, STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/client';

/** Default bound on one message of a federated server: the SDK's stdio line bound (10 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = STDIO_DEFAULT_MAX_BUFFER_SIZE;

const LF = 0x0a;
const CR = 0x0d;

/** Options of {@link boundedFetch}. */
export interface BoundedFetchOptions {
  /** Most bytes of one message: a JSON body, or one event of an event stream. */
  maxBytes: number;
  /** A response went past `maxBytes`: the ids of the requests it was answering (possibly none). */
  onTooLarge(requestIds: RequestId[]): void;
}

/**
 * `fetch` for a federated Streamable HTTP server whose response bodies are read at most
 * `maxBytes` per message: a JSON (or error) body in total, an event stream per event (its
 * subscription may run for hours). Past the bound the body errors (memory stays bounded) after
 * `onTooLarge` was told which requests it answered, so they can fail at once.
 */
export function boundedFetch(inner: typeof fetch, opts: BoundedFetchOptions): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    // Redirects are left as they are: the SDK reads their `url` and `Location`.
    if (res.body === null || (res.status >= 300 && res.status < 400)) return res;
    const stream = /^\s*text\/event-stream\s*(;|$)/i.test(res.headers.get('content-type') ?? '');
    const tooLarge = () => opts.onTooLarge(requestIdsOf(init?.body));
    const body = res.body.pipeThrough(limiter(opts.maxBytes, stream, tooLarge));
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** Counts bytes per message (per event when `perEvent`: a blank line starts a new count). */
function limiter(
  maxBytes: number,
  perEvent: boolean,
  tooLarge: () => void,
): TransformStream<Uint8Array, Uint8Array> {
  let count = 0;
  let lineStart = true;
  let afterCR = false;
  return new TransformStream({
    transform(chunk, controller) {
      let past = false;
      if (perEvent) {
        for (let i = 0; i < chunk.length && !past; i++) {
          const b = chunk[i];
          if (b === LF || b === CR) {
            if (b === LF && afterCR) {
              afterCR = false;
              continue;
            }
            afterCR = b === CR;
            if (lineStart) count = 0;
            lineStart = true;
          } else {
            afterCR = false;
            lineStart = false;
            past = ++count > maxBytes;
          }
        }
      } else {
        count += chunk.byteLength;
        past = count > maxBytes;
      }
      if (!past) return controller.enqueue(chunk);
      tooLarge();
      controller.error(new Error(`the federated server sent a message larger than ${maxBytes} bytes`));
    },
  });
}

/** Ids of the JSON-RPC requests in a POST body the SDK sent (its own JSON text). */
function requestIdsOf(body: unknown): RequestId[] {
  if (typeof body !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const ids: RequestId[] = [];
  for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
    if (typeof m !== 'object' || m === null || !('method' in m) || !('id' in m)) continue;
    const id = (m as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') ids.push(id);
  }
  return ids;
}
