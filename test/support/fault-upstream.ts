import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP upstream with well-known misbehaviours, for gateway fault tests. */
export interface FaultUpstream {
  url: string;
  /** Requests whose socket closed before a response was sent (client aborts). */
  aborted: string[];
  /** Every request path seen, in order. */
  seen: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Start the fault upstream on 127.0.0.1 port 0. */
export async function startFaultUpstream(): Promise<FaultUpstream> {
  const aborted: string[] = [];
  const seen: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    const body = await readBody(req);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const path = url.pathname;
    if (path.startsWith('/items/')) {
      return json(200, {
        id: decodeURIComponent(path.slice('/items/'.length)),
        query: Object.fromEntries(url.searchParams),
      });
    }
    switch (path) {
      case '/echo':
        return json(200, {
          method: req.method,
          body: body.length > 0 ? JSON.parse(body) : null,
          headers: req.headers,
        });
      case '/list':
        return json(200, [1, 2, 3]);
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('plain words');
      case '/fail500':
        return json(500, { error: { code: 'db_down', message: 'database is down for maintenance' } });
      case '/notjson':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><body>Bad gateway from nginx</body></html>');
      case '/big':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ blob: 'x'.repeat(300_000) }));
      case '/delay':
        setTimeout(
          () => json(200, { waited: Number(url.searchParams.get('ms')) }),
          Number(url.searchParams.get('ms')),
        );
        return;
      case '/slow':
        req.socket.on('close', () => {
          if (!res.writableEnded) aborted.push(path);
        });
        return; // never answers
      default:
        return json(404, { message: `no route ${path}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    aborted,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
