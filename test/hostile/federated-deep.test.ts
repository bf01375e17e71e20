import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';

const SERVER = fileURLToPath(new URL('../fixtures/mcp/deep-server.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

type Result = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };

describe('federated results are depth-limited (issue 11, point 2)', () => {
  let portico: PorticoInstance;
  let client: Client;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-deep-'));
    const config = join(dir, 'portico.yaml');
    writeFileSync(
      config,
      [
        'naming: { strategy: flat }',
        'mcp_servers:',
        '  deepsrv:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ["--import", "tsx", ${JSON.stringify(SERVER)}]`,
        `    cwd: ${JSON.stringify(REPO)}`,
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(config);
    client = await connectClient(portico.mcpUrl, 'modern');
  }, 30_000);
  afterAll(async () => {
    await client?.close();
    await portico?.close();
  });

  it('a result deeper than server.max_json_depth → isError naming the limit; shallow ones pass', async () => {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const name = tools.find((t) => t.endsWith('deep')) as string;
    const ok = (await client.callTool({ name, arguments: { levels: 10 } })) as Result;
    expect(ok.isError).toBeFalsy();
    const deep = (await client.callTool({ name, arguments: { levels: 100 } })) as Result;
    expect(deep.isError).toBe(true);
    expect(deep.content.map((c) => c.text).join('')).toContain(
      'nested deeper than 64 levels (server.max_json_depth)',
    );
    const deeper = (await client.callTool({ name, arguments: { levels: 1_000 } })) as Result;
    expect(deeper.isError).toBe(true);
    expect(((await client.callTool({ name, arguments: { levels: 3 } })) as Result).isError).toBeFalsy();
  });
});
