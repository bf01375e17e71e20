import {
  Client,
  type ClientOptions,
  type FetchLike,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';

/** The two protocol eras Portico serves. */
export type Era = 'modern' | 'legacy';

/**
 * Connect the official SDK client to `mcpUrl`: modern pins 2026-07-28, legacy runs the 2025
 * initialize handshake. `fetch` replaces the network (an in-memory gateway's `app.request`).
 */
export async function connectClient(
  mcpUrl: string,
  era: Era,
  headers?: Record<string, string>,
  options: ClientOptions = {},
  fetch?: FetchLike,
): Promise<Client> {
  const client = new Client(
    { name: `portico-e2e-${era}`, version: '1.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } }, ...options } : options,
  );
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
    ...(headers !== undefined ? { requestInit: { headers } } : {}),
    ...(fetch !== undefined ? { fetch } : {}),
  });
  await client.connect(transport);
  return client;
}
