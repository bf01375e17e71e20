import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP upstream that answers with hostile bodies (issue 11's upstream fault cases). */
export interface HostileUpstream {
  url: string;
  close(): Promise<void>;
}

/** JSON text nested `levels` deep. */
export function deepJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/**
 * Routes: `/deep?levels=N` (200 JSON nested N deep), `/latin1` (text/plain; charset=iso-8859-1
 * "café"), `/reset` (headers and half a body, then the socket is destroyed), `/garbage` (200
 * application/json that is not JSON), `/binary` (bytes that are not UTF-8), `/drip` (a byte every
 * 200 ms, never finishing), `/huge` (a 20 MB body), `/ok` (a small JSON object).
 */
export async function startHostileUpstream(): Promise<HostileUpstream> {
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    req.resume();
    switch (url.pathname) {
      case '/deep':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(deepJson(Number(url.searchParams.get('levels') ?? 6_000)));
      case '/latin1':
        res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
        return res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in ISO-8859-1
      case '/reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items": [1, 2, 3');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"a": nope ]]] \u0000 garbage');
      case '/binary':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x00, 0x80]));
      case '/drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const t = setInterval(() => res.write(' '), 200);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case '/huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 20 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
