/** Headers a well-behaved Streamable HTTP client sends. */
export const MCP_HEADERS = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
} as const;

/** A raw JSON-RPC request body (legacy era: no `_meta` envelope). */
export function rpc(method: string, params?: Record<string, unknown>, id: number | string = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });
}

/** The JSON-RPC message of a response, whether it came as JSON or as a one-event SSE stream. */
export async function rpcBody<T = Record<string, unknown>>(res: Response): Promise<T> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .filter((l) => l.length > 0);
    return JSON.parse(data[data.length - 1] ?? 'null') as T;
  }
  return JSON.parse(text) as T;
}
