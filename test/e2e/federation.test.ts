import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { connectClient } from '../support/clients.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { startTestPortico } from '../support/portico.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STDIO = fileURLToPath(new URL('../fixtures/mcp/stdio-server.ts', import.meta.url));
type Result = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };

describe('federated MCP servers through the gateway', () => {
  let upstream: FaultUpstream;
  let remote: HttpFixture;
  let portico: PorticoInstance;
  let client: Client;

  beforeAll(async () => {
    upstream = await startFaultUpstream();
    remote = await startHttpFixture({
      token: 'remote-secret',
      tools: [
        {
          tool: {
            name: 'hello',
            description: 'Say hello.',
            inputSchema: { type: 'object', properties: { who: { type: 'string' } } },
          },
          run: (args) => ({
            content: [{ type: 'text', text: `hello ${String(args.who)}` }],
            structuredContent: { greeted: args.who },
          }),
        },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'portico-fed-'));
    const file = join(dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'systems:',
        '  faults:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference in YAML
        '    base_url: ${FAULT_URL}',
        '    operations:',
        '      get_item:',
        '        path: /items/{id}',
        '        description: Fetch one item.',
        '        arguments: { id: { type: string } }',
        'mcp_servers:',
        '  local:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ["--import", "tsx", ${JSON.stringify(STDIO)}]`,
        `    cwd: ${JSON.stringify(REPO)}`,
        '    isolation: shared',
        '  remote:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference in YAML
        '    url: ${REMOTE_URL}',
        '    bearer: remote-secret',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file, { FAULT_URL: upstream.url, REMOTE_URL: remote.url });
    client = await connectClient(portico.mcpUrl, 'modern');
  });
  afterAll(async () => {
    await client.close();
    await portico.close();
    await remote.close();
    await upstream.close();
  });

  it('lists federated tools under their namespaces next to API tools', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['faults.get_item', 'local.echo', 'local.add', 'remote.hello']),
    );
  });

  it('forwards calls and returns results unchanged', async () => {
    const echo = (await client.callTool({ name: 'local.echo', arguments: { text: 'hi' } })) as Result;
    expect(echo.structuredContent).toEqual({ echoed: 'hi', length: 2 });
    const hello = (await client.callTool({ name: 'remote.hello', arguments: { who: 'ada' } })) as Result;
    expect(hello.content[0]!.text).toBe('hello ada');
    expect(hello.structuredContent).toEqual({ greeted: 'ada' });
    const fail = (await client.callTool({ name: 'local.fail', arguments: {} })) as Result;
    expect(fail.isError).toBe(true);
    expect(fail.content[0]!.text).toBe('it failed on purpose');
  });

  it('keeps serving the rest when a federated server dies, and reports it', async () => {
    const local = portico
      .federation()
      .status()
      .find((s) => s.name === 'local')!;
    expect(local.state).toBe('connected');
    process.kill(local.pid as number, 'SIGKILL');
    await vi.waitFor(() =>
      expect(
        portico
          .federation()
          .status()
          .find((s) => s.name === 'local')!.state,
      ).not.toBe('connected'),
    );
    const down = (await client.callTool({ name: 'local.echo', arguments: { text: 'x' } })) as Result;
    expect(down.isError).toBe(true);
    expect(down.content[0]!.text).toMatch(/local/);
    const hello = (await client.callTool({ name: 'remote.hello', arguments: { who: 'bob' } })) as Result;
    expect(hello.isError).toBeFalsy();
    const item = (await client.callTool({ name: 'faults.get_item', arguments: { id: '7' } })) as Result;
    expect(item.structuredContent).toMatchObject({ id: '7' });
    const health = (await (await fetch(`${portico.url}/healthz`)).json()) as {
      federation: { name: string; state: string }[];
    };
    expect(health.federation.find((s) => s.name === 'local')!.state).not.toBe('connected');
  });
});
