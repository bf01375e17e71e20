import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { connectClient } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';
import {
  connectDirect,
  freshReferenceState,
  REFERENCE_ENTRIES,
  referenceLaunch,
} from '../support/reference-servers.js';

type Listed = { name: string; execution?: { taskSupport?: string } };

describe('execution.taskSupport of federated tools through Portico', () => {
  let portico: PorticoInstance;
  let remote: HttpFixture;
  /** server-everything's own listing of its task tool. */
  let direct: Listed | undefined;

  beforeAll(async () => {
    const state = freshReferenceState();
    const client = await connectDirect(referenceLaunch(state).everything);
    try {
      direct = (await client.listTools()).tools.find((t) => t.name === 'simulate-research-query');
    } finally {
      await client.close();
    }
    // A 2025-11-25 HTTP server whose tool can run as a task or as a plain call.
    remote = await startHttpFixture({
      token: 'remote-secret',
      era: 'legacy',
      tools: [
        {
          tool: {
            name: 'report',
            inputSchema: { type: 'object', properties: {} },
            execution: { taskSupport: 'optional' },
          },
          run: () => ({ content: [{ type: 'text', text: 'report ready' }] }),
        },
      ],
    });
    const file = join(state.dir, 'portico.yaml');
    writeFileSync(
      file,
      [
        'mcp_servers:',
        '  everything:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ${JSON.stringify([REFERENCE_ENTRIES.everything, 'stdio'])}`,
        '  remote:',
        `    url: ${remote.url}`,
        '    bearer: remote-secret',
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(file);
  }, 60_000);
  afterAll(async () => {
    await portico?.close();
    await remote?.close();
  });

  it("lists each tool's execution as its server does (2025-11-25 client)", async () => {
    const client = await connectClient(portico.mcpUrl, 'legacy');
    try {
      const tools = (await client.listTools()).tools as Listed[];
      expect(direct?.execution).toEqual({ taskSupport: 'required' });
      expect(tools.find((t) => t.name === 'everything.simulate-research-query')?.execution).toEqual(
        direct?.execution,
      );
      expect(tools.find((t) => t.name === 'remote.report')?.execution).toEqual({ taskSupport: 'optional' });
      expect(tools.find((t) => t.name === 'everything.echo')?.execution).toEqual(
        (await listedDirect('echo'))?.execution,
      );
    } finally {
      await client.close();
    }
  });

  it('lists no execution to a 2026-07-28 client (that revision deleted the field)', async () => {
    const client = await connectClient(portico.mcpUrl, 'modern');
    try {
      const tools = (await client.listTools()).tools as Listed[];
      expect(tools.find((t) => t.name === 'remote.report')).toBeDefined();
      expect(tools.filter((t) => t.execution !== undefined)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('calls a task-capable (optional) tool without task augmentation', async () => {
    const client = await connectClient(portico.mcpUrl, 'legacy');
    try {
      const result = await client.callTool({ name: 'remote.report', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: 'text', text: 'report ready' }]);
    } finally {
      await client.close();
    }
  });
});

/** A tool of server-everything as it lists it directly. */
async function listedDirect(name: string): Promise<Listed | undefined> {
  const client = await connectDirect(referenceLaunch(freshReferenceState()).everything);
  try {
    return (await client.listTools()).tools.find((t) => t.name === name);
  } finally {
    await client.close();
  }
}
