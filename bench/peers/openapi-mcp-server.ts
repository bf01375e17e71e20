/**
 * Peer for the side-by-side benchmark: the published npm package `@ivotoby/openapi-mcp-server`
 * (SDK v1, stateful Streamable HTTP), run from its own bin as a user would, on FlowHub's OpenAPI
 * document with the workspace's API key as a static header. Its own process, so its CPU is its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../children.js';

/** A running `openapi-mcp-server` process. */
export interface OpenApiMcpServerPeer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1 (the package cannot listen on port 0 and report it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Start the package's CLI (`--transport http`) in front of `flowhubUrl`. The API key travels in
 * the environment (`API_HEADERS`), never on the command line. Resolves once it listens.
 */
export async function startOpenApiMcpServer(
  flowhubUrl: string,
  apiKey: string,
): Promise<OpenApiMcpServerPeer> {
  const port = await freePort();
  const bin = join(REPO_ROOT, 'node_modules', '@ivotoby', 'openapi-mcp-server', 'bin', 'mcp-server.js');
  const child = spawn(
    process.execPath,
    [
      bin,
      '--transport',
      'http',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--api-base-url',
      flowhubUrl,
      '--openapi-spec',
      join(REPO_ROOT, 'examples', 'flowhub', 'openapi.yaml'),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, API_HEADERS: `X-API-Key:${apiKey}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`openapi-mcp-server exited (code ${code}):\n${log}`)));
  });
  // Keep draining its log (one line per request would otherwise fill the pipe and stall it).
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
}
