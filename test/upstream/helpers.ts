import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import type { OperationSpec, ParamSpec } from '../../src/catalog/types.js';
import type { SystemSpec } from '../../src/spec/index.js';

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Index of the TCP connection it came on (0-based, in accept order). */
  connection: number;
}

export interface TestServer {
  url: string;
  origin: string;
  seen: SeenRequest[];
  connections: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => unknown;

/** A real node:http server on 127.0.0.1, port 0, recording every request it gets. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const ids = new WeakMap<Socket, number>();
  const state: TestServer = {
    url: '',
    origin: '',
    seen: [],
    connections: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      connection: ids.get(req.socket) ?? -1,
    };
    state.seen.push(seen);
    await handler(req, res, seen);
  });
  server.on('connection', (socket) => {
    ids.set(socket, state.connections++);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;
  state.url = state.origin;
  return state;
}

/** Reply with a JSON body. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function param(name: string, location: ParamSpec['in'], wireName = name): ParamSpec {
  return { name, in: location, wireName, required: location === 'path', schema: {} };
}

export function system(baseUrl: string, over: Partial<SystemSpec> = {}): SystemSpec {
  return {
    name: 'flowhub',
    identity: { provider: 'flowhub' },
    baseUrl,
    auth: { type: 'none' },
    headers: {},
    connectTimeoutMs: 2000,
    timeoutMs: 5000,
    maxResponseBytes: 1024 * 1024,
    retry: true,
    identityHeaders: {},
    ...over,
  };
}

export function operation(over: Partial<OperationSpec> = {}): OperationSpec {
  const method = over.method ?? 'GET';
  const idempotent = method !== 'POST' && method !== 'PATCH';
  return {
    system: 'flowhub',
    name: 'get_flow',
    method,
    path: '/flows/{flow}',
    description: 'test operation',
    params: [param('flow', 'path')],
    body: { kind: 'fields' },
    annotations: { readOnly: method === 'GET', destructive: false, idempotent, openWorld: false },
    tags: [],
    ...over,
  };
}

/** An origin on 127.0.0.1 where nothing listens (a port just released). */
export async function refusedOrigin(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
