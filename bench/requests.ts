import { Client, type FetchLike, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** The cheap FlowHub read the benchmark calls: `get_flow` → `GET /api/flows/{flow}`. */
export const TOOL = 'get_flow';
export const FLOW = 'salesforce-accounts-to-snowflake';

/** One HTTP request, replayed verbatim by the load generator. */
export interface BenchRequest {
  label: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The same FlowHub read made directly (what Portico sends upstream for the tool call), with the
 * workspace's API key as Portico sends the tenant's stored key.
 */
export function directRequest(flowhubUrl: string, apiKey: string): BenchRequest {
  return {
    label: 'direct',
    method: 'GET',
    url: `${flowhubUrl}/api/flows/${FLOW}`,
    headers: { accept: 'application/json', 'x-api-key': apiKey },
  };
}

/** The API key of FlowHub workspace `slug` (the bench calls as acme). */
export function apiKeyOf(workspaces: { slug: string; apiKey: string }[] | undefined, slug = 'acme'): string {
  const ws = workspaces?.find((w) => w.slug === slug);
  if (ws === undefined) throw new Error(`FlowHub reported no workspace "${slug}"`);
  return ws.apiKey;
}

/**
 * Capture the exact `tools/call` POST the official SDK client sends for `era` (modern pins
 * 2026-07-28; legacy runs the 2025-11-25 initialize handshake, then calls statelessly), with
 * `headers` (e.g. `authorization`) on every request. `tool` is the server's name for the call (a peer
 * may name it differently); a stateful peer's session stays open (the client never sends DELETE).
 */
export async function captureSdkToolCall(
  mcpUrl: string,
  era: 'modern' | 'legacy',
  headers?: Record<string, string>,
  tool = TOOL,
  label: string = era,
): Promise<BenchRequest> {
  let captured: BenchRequest | undefined;
  const recordingFetch: FetchLike = async (url, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    if (init?.method === 'POST' && body !== undefined && JSON.parse(body).method === 'tools/call') {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => {
        headers[key] = value;
      });
      captured = { label, method: 'POST', url: String(url), headers, body };
    }
    return fetch(url, init);
  };
  const client = new Client(
    { name: 'portico-bench', version: '1.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), {
      fetch: recordingFetch,
      ...(headers !== undefined ? { requestInit: { headers } } : {}),
    }),
  );
  try {
    await client.callTool({ name: tool, arguments: { flow: FLOW } });
  } finally {
    await client.close();
  }
  if (captured === undefined)
    throw new Error(`The SDK client (${era}) sent no tools/call POST to ${mcpUrl}.`);
  return captured;
}

/** `Authorization: Bearer <token>` for a bench request. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** `req`'s headers fit for printing: the bearer token replaced by its first characters. */
export function printableHeaders(req: BenchRequest): Record<string, string> {
  const out = { ...req.headers };
  const auth = out.authorization;
  if (auth !== undefined) out.authorization = `${auth.slice(0, 'Bearer mcp_'.length + 4)}… (redacted)`;
  return out;
}

/** Throw unless the captured request has the shape its era requires (so the bench measures what it claims). */
export function assertEraShape(req: BenchRequest, era: 'modern' | 'legacy'): void {
  const body = JSON.parse(req.body ?? '{}') as { params?: { _meta?: Record<string, unknown> } };
  const meta = body.params?._meta ?? {};
  const version = req.headers['mcp-protocol-version'];
  const ok =
    era === 'modern'
      ? version === '2026-07-28' &&
        meta['io.modelcontextprotocol/protocolVersion'] === '2026-07-28' &&
        req.headers['mcp-method'] === 'tools/call' &&
        req.headers['mcp-name'] === TOOL
      : version === '2025-11-25' && meta['io.modelcontextprotocol/protocolVersion'] === undefined;
  if (!ok) {
    throw new Error(
      `The captured ${era} tools/call does not look like a ${era} request: headers ${JSON.stringify(req.headers)}, body ${req.body}`,
    );
  }
}

/** The JSON-RPC message in an MCP response body (plain JSON or one SSE `data:` line). */
function rpcMessageOf(text: string): { result?: { isError?: boolean; content?: unknown }; error?: unknown } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed);
  const data = text
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trim())
    .find((l) => l.includes('"jsonrpc"'));
  if (data === undefined) throw new Error(`no JSON-RPC message in the response: ${text.slice(0, 300)}`);
  return JSON.parse(data);
}

/** Cheap per-response check used during load (counted as a mismatch when false). */
export function looksSuccessful(req: BenchRequest): (body: string) => boolean {
  if (req.method === 'GET') return (body) => body.includes(`"name":"${FLOW}"`);
  return (body) => body.includes('"result"') && body.includes(FLOW) && !body.includes('"isError":true');
}

/** Send `req` once and throw, loudly, unless it is a successful tool result (or FlowHub 200). */
export async function verifyRequest(req: BenchRequest): Promise<void> {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  const text = await res.text();
  const fail = (why: string): never => {
    throw new Error(
      `[${req.label}] ${req.method} ${req.url} ${why}: HTTP ${res.status} ${text.slice(0, 500)}`,
    );
  };
  if (res.status !== 200) fail('did not return 200');
  if (req.method === 'GET') {
    if ((JSON.parse(text) as { name?: string }).name !== FLOW) fail(`did not return flow ${FLOW}`);
  } else {
    const msg = rpcMessageOf(text);
    if (msg.error !== undefined || msg.result === undefined) fail('returned a JSON-RPC error');
    if (msg.result?.isError === true) fail('returned a tool error (isError: true)');
    if (!JSON.stringify(msg.result?.content).includes(FLOW)) fail(`returned no content about ${FLOW}`);
  }
  if (!looksSuccessful(req)(text)) fail('fails the per-response check used under load');
}
