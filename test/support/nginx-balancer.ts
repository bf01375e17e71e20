import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's nginx (`apt-get install -y nginx`), or `PORTICO_NGINX`. */
export const NGINX = process.env.PORTICO_NGINX ?? '/usr/sbin/nginx';

/** Why the load-balancer tests cannot run here, or undefined (never skipped under `CI`). */
export function nginxSkipReason(): string | undefined {
  if (existsSync(NGINX) || process.env.CI) return undefined;
  return `load-balancer tests skipped: no nginx at ${NGINX} — install it with \`apt-get install -y nginx\`, or set PORTICO_NGINX`;
}

/** A free loopback port (bound and released; good enough for one test's nginx). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running nginx balancing round-robin over `backends`. */
export interface Balancer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The nginx master's process id (its workers are its children). */
  pid: number | undefined;
  /** nginx's error log so far (for failure messages). */
  errors(): string;
  close(): Promise<void>;
}

/**
 * Start nginx in its own temp prefix, listening on a free loopback port, proxying to `backends`
 * (`127.0.0.1:port`) round-robin with streaming (`proxy_buffering off`) for SSE, passing the
 * client's Host, and naming the backend that answered in `X-Portico-Upstream`.
 */
export async function startNginx(backends: string[]): Promise<Balancer> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const servers = backends.map((b) => `    server ${b} max_fails=1 fail_timeout=30s;`).join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream portico {
${servers}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location = /__balancer { return 200 'ok'; }
    location / {
      proxy_pass http://portico;
      proxy_http_version 1.1;
      proxy_set_header Connection '';
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      add_header X-Portico-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const errors = () => {
    const log = join(dir, 'error.log');
    return `${stderr}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${errors()}`);
    try {
      if ((await fetch(`${url}/__balancer`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error(`nginx did not start:\n${errors()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
