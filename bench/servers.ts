/**
 * Child-process entry that runs one server for the benchmark, so the load generator (the parent)
 * does not share its event loop: `servers.ts flowhub` or `servers.ts portico <flowhubUrl>`.
 * Reports `{ type: 'ready', url }` over IPC, then obeys {@link Command}s (CPU profiling on
 * demand; `stop` closes the server and exits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flowhubConfigPath, startFlowHub } from '../examples/flowhub/index.js';
import { silentLogger } from '../src/observability/index.js';
import { startPortico } from '../src/runtime/index.js';
import { type ChildMessage, type Command, errorMessage } from './messages.js';
import { InProcessProfiler } from './profiler.js';

async function start(role: string | undefined, flowhubUrl: string | undefined) {
  if (role === 'flowhub') {
    const flowhub = await startFlowHub({ host: '127.0.0.1', port: 0 });
    return { url: flowhub.url, close: () => flowhub.close() };
  }
  if (role === 'portico' && flowhubUrl !== undefined) {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
    const portico = await startPortico({
      configFile: flowhubConfigPath,
      host: '127.0.0.1',
      port: 0,
      dataDir,
      logger: silentLogger(),
      env: { ...process.env, FLOWHUB_URL: flowhubUrl },
    });
    return {
      url: portico.url,
      close: async () => {
        await portico.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  throw new Error(
    `usage: servers.ts flowhub | servers.ts portico <flowhubUrl> (got ${process.argv.slice(2)})`,
  );
}

function send(msg: ChildMessage): void {
  process.send?.(msg);
}

try {
  const server = await start(process.argv[2], process.argv[3]);
  const profiler = new InProcessProfiler();
  process.on('message', (cmd: Command) => {
    const work =
      cmd.type === 'stop'
        ? server.close().then(() => process.exit(0))
        : cmd.type === 'profile-start'
          ? profiler.start()
          : profiler.stop(cmd.file);
    work.then(
      () => send({ type: 'done' }),
      (err: unknown) => send(errorMessage(err)),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: server.url });
} catch (err) {
  send(errorMessage(err));
  process.exit(1);
}
