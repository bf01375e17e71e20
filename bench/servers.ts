/**
 * Child-process entry that runs one server for the benchmark, so the load generator (the parent)
 * does not share its event loop: `servers.ts flowhub`, `servers.ts portico <flowhubUrl>`,
 * `servers.ts security <flowhubUrl>` or `servers.ts sdk-plain <flowhubUrl>` (a peer). Portico children read FlowHub's workspaces from
 * `WORKSPACES_ENV` and seed the demo tenants. Reports `{ type: 'ready', url, info }` over IPC,
 * then obeys {@link Command}s (CPU profiling on demand; `stop` closes the server and exits).
 */
import { startFlowHub } from '../examples/flowhub/index.js';
import { listen } from '../src/http/index.js';
import { benchApp, SECURITY_MODES, startBenchPortico, workspacesFromEnv } from './bench-portico.js';
import { type ChildMessage, type Command, errorMessage, type ReadyInfo } from './messages.js';
import { startPlainSdkServer } from './peers/sdk-plain.js';
import { InProcessProfiler } from './profiler.js';
import { apiKeyOf } from './requests.js';

interface Started {
  url: string;
  info: ReadyInfo;
  close(): Promise<void>;
}

async function start(role: string | undefined, flowhubUrl: string | undefined): Promise<Started> {
  if (role === 'flowhub') {
    const flowhub = await startFlowHub({ host: '127.0.0.1', port: 0 });
    return { url: flowhub.url, info: { workspaces: flowhub.workspaces }, close: () => flowhub.close() };
  }
  if (role === 'portico' && flowhubUrl !== undefined) {
    // The gateway as `portico serve` runs it: tokens required.
    const bench = await startBenchPortico(flowhubUrl);
    return { url: bench.portico.url, info: { token: bench.token }, close: () => bench.close() };
  }
  if (role === 'security' && flowhubUrl !== undefined) {
    // One gateway, one listener per security configuration ("token" is the gateway's own server).
    const bench = await startBenchPortico(flowhubUrl);
    const urls: Record<string, string> = { token: bench.portico.url };
    const extra: { close(): Promise<void> }[] = [];
    for (const mode of SECURITY_MODES) {
      if (mode === 'token') continue;
      const http = benchApp(bench, mode);
      const server = await listen(http.app, '127.0.0.1', 0);
      urls[mode] = server.url;
      extra.push({ close: () => server.close().then(() => http.close()) });
    }
    return {
      url: bench.portico.url,
      info: { token: bench.token, urls },
      close: async () => {
        for (const e of extra) await e.close();
        await bench.close();
      },
    };
  }
  if (role === 'sdk-plain' && flowhubUrl !== undefined) {
    // Peer: a plain SDK v2 server forwarding get_flow by hand, as tenant acme.
    const plain = await startPlainSdkServer(flowhubUrl, apiKeyOf(workspacesFromEnv()));
    return { url: plain.url, info: {}, close: () => plain.close() };
  }
  throw new Error(
    `usage: servers.ts flowhub | servers.ts portico|security|sdk-plain <flowhubUrl> (got ${process.argv.slice(2)})`,
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
  send({ type: 'ready', url: server.url, info: server.info });
} catch (err) {
  send(errorMessage(err));
  process.exit(1);
}
