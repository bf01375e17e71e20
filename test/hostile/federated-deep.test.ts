import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederation, type Federation } from '../../src/federation/index.js';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { httpConfig, recordingLogger, rejection, statusOf, stdioConfig } from '../federation/helpers.js';
import { deepMarker, nested } from '../fixtures/mcp/deep-json.js';
import { type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { connectClient, type Era } from '../support/clients.js';
import { startTestPortico } from '../support/portico.js';

const SERVER = fileURLToPath(new URL('../fixtures/mcp/deep-server.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'tok-deep-0123456789';
/** Far beyond the test timeout (20 s): a call that only ends at timeout_ms fails the test. */
const TIMEOUT_MS = 60_000;
const LIMIT_TEXT = 'deeper than 64 levels (server.max_json_depth)';

type Result = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };
const text = (r: Result) => r.content.map((c) => c.text).join('');

/** The HTTP fixture's `deep` tool: same shape as the stdio fixture's (result depth = `levels`). */
const httpDeepTool = {
  tool: {
    name: 'deep',
    description: 'A result nested `levels` deep.',
    inputSchema: { type: 'object' as const, properties: { levels: { type: 'integer' } } },
  },
  run: (args: Record<string, unknown>) => {
    const levels = Number(args.levels);
    const pad = args.pad === undefined ? undefined : Number(args.pad);
    return {
      content: [
        { type: 'text' as const, text: pad === undefined ? `nested ${levels} levels` : 'x'.repeat(pad) },
      ],
      structuredContent: { a: deepMarker(Math.max(0, levels - 2)) },
    };
  },
};

/** A tool whose input schema nests `levels` deep (the SDK client's tool schema recurses into it). */
const deepSchemaTool = (levels: number) => ({
  tool: {
    name: 'deep_schema',
    description: 'An input schema nested deeper than any limit.',
    inputSchema: { type: 'object' as const, properties: { x: deepMarker(levels) } },
  },
  run: () => ({ content: [{ type: 'text' as const, text: 'unreachable' }] }),
});

describe('federated results are depth-limited before the SDK client validates them (issue 11, point 2)', () => {
  let portico: PorticoInstance;
  const https: HttpFixture[] = [];
  const clients = new Map<Era, Client>();
  beforeAll(async () => {
    const modern = await startHttpFixture({ token: TOKEN, tools: [httpDeepTool], expandDeepMarkers: true });
    const legacy = await startHttpFixture({
      token: TOKEN,
      tools: [httpDeepTool],
      era: 'legacy',
      expandDeepMarkers: true,
    });
    const deepList = await startHttpFixture({
      token: TOKEN,
      tools: [httpDeepTool, deepSchemaTool(6_000)],
      expandDeepMarkers: true,
    });
    https.push(modern, legacy, deepList);
    const dir = mkdtempSync(join(tmpdir(), 'portico-deep-'));
    const config = join(dir, 'portico.yaml');
    writeFileSync(
      config,
      [
        'mcp_servers:',
        '  deepstdio:',
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: ["--import", "tsx", ${JSON.stringify(SERVER)}]`,
        `    cwd: ${JSON.stringify(REPO)}`,
        '    isolation: shared',
        `    timeout_ms: ${TIMEOUT_MS}`,
        '  deephttp:',
        `    url: ${modern.url}`,
        `    bearer: ${TOKEN}`,
        `    timeout_ms: ${TIMEOUT_MS}`,
        '  deephttp2025:',
        `    url: ${legacy.url}`,
        `    bearer: ${TOKEN}`,
        `    timeout_ms: ${TIMEOUT_MS}`,
        '  deeplist:',
        `    url: ${deepList.url}`,
        `    bearer: ${TOKEN}`,
        `    timeout_ms: ${TIMEOUT_MS}`,
        '',
      ].join('\n'),
    );
    portico = await startTestPortico(config);
    for (const era of ['modern', 'legacy'] as const)
      clients.set(era, await connectClient(portico.mcpUrl, era));
  }, 30_000);
  afterAll(async () => {
    for (const c of clients.values()) await c.close();
    await portico?.close();
    for (const f of https) await f.close();
  });

  async function deepTool(client: Client, server: string): Promise<string> {
    const names = (await client.listTools()).tools.map((t) => t.name);
    const name = names.find((n) => n.startsWith(`${server}.`) || n.startsWith(`${server}_`));
    if (name === undefined) throw new Error(`no tool of ${server} in ${names.join(', ')}`);
    return name;
  }

  for (const server of ['deepstdio', 'deephttp', 'deephttp2025']) {
    for (const era of ['modern', 'legacy'] as const) {
      it(`${server} → ${era} client: 6,000 levels answer an isError naming the limit at once; 64 pass unchanged`, async () => {
        const client = clients.get(era) as Client;
        const name = await deepTool(client, server);
        const call = async (levels: number) =>
          (await client.callTool({ name, arguments: { levels } }, { timeout: TIMEOUT_MS })) as Result;

        const deep = await call(6_000);
        expect(deep.isError).toBe(true);
        expect(text(deep)).toContain(LIMIT_TEXT);
        expect(text(deep)).toContain(server);

        const atLimit = await call(64);
        expect(atLimit.isError).toBeFalsy();
        expect(atLimit.structuredContent).toEqual({ a: nested(62) });
        expect(text(await call(65))).toContain(LIMIT_TEXT);
        const again = await call(6_000);
        expect(text(again)).toContain(LIMIT_TEXT);
        expect((await call(3)).structuredContent).toEqual({ a: nested(1) });
      });
    }
  }

  it('a server listing a tool schema 6,000 levels deep is left out; tools/list answers both eras', async () => {
    for (const client of clients.values()) {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names.some((n) => n.startsWith('deepstdio'))).toBe(true);
      expect(names.filter((n) => n.startsWith('deeplist'))).toEqual([]);
    }
  });
});

describe('the federation bounds the depth and size of what a server sends', () => {
  let federation: Federation | undefined;
  afterAll(async () => {
    await federation?.close();
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`a ${era} HTTP server listing a tool schema 6,000 levels deep fails to connect, naming the limit`, async () => {
      const server = await startHttpFixture({
        token: TOKEN,
        tools: [httpDeepTool, deepSchemaTool(6_000)],
        era,
        expandDeepMarkers: true,
      });
      const list = createFederation([
        httpConfig('remote', server.url, { bearer: TOKEN }, { timeoutMs: TIMEOUT_MS }),
      ]);
      try {
        await list.start();
        const s = statusOf(list, 'remote');
        expect(s.state).toBe('failed');
        expect(s.error).toContain(LIMIT_TEXT);
      } finally {
        await list.close();
        await server.close();
      }
    });
  }

  it('an over-deep log notification is dropped and logged once; the call and later calls succeed', async () => {
    const logger = recordingLogger();
    const config = stdioConfig('deep', { timeoutMs: TIMEOUT_MS });
    if (config.transport.kind === 'stdio') config.transport.args = ['--import', 'tsx', SERVER];
    federation = createFederation([config], { logger });
    await federation.start();
    const first = await federation.call('deep', 'deep', { levels: 5, log_levels: 6_000 });
    expect(first.structuredContent).toEqual({ a: nested(3) });
    await federation.call('deep', 'deep', { levels: 5, log_levels: 6_000 });
    const dropped = logger.entries.filter((e) => e.msg?.includes('nested deeper than'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.level).toBe('warn');
    expect(dropped[0]?.obj).toMatchObject({ server: 'deep', method: 'notifications/message' });

    const err = await rejection(federation.call('deep', 'deep', { levels: 6_000 }));
    expect(err.message).toContain(LIMIT_TEXT);
    // Portico's own stand-in answer, not an error of the server.
    expect(err.message).toContain('so Portico did not read it');
    expect(err.code).toBe('upstream_status');
    expect(federation.status()[0]?.state).toBe('connected');
    expect((await federation.call('deep', 'deep', { levels: 4 })).structuredContent).toEqual({
      a: nested(2),
    });
  });

  const MAX = 64 * 1024;
  for (const era of ['modern', 'legacy'] as const) {
    it(`a ${era} HTTP server answering past the message size bound fails that call at once; others pass`, async () => {
      const server = await startHttpFixture({
        token: TOKEN,
        tools: [httpDeepTool],
        era,
        expandDeepMarkers: true,
      });
      const http = createFederation(
        [httpConfig('remote', server.url, { bearer: TOKEN }, { timeoutMs: TIMEOUT_MS })],
        { maxMessageBytes: MAX },
      );
      try {
        await http.start();
        const fits = await http.call('remote', 'deep', { levels: 3, pad: MAX - 1024 });
        expect((fits.content[0] as { text: string }).text).toHaveLength(MAX - 1024);
        const err = await rejection(http.call('remote', 'deep', { levels: 3, pad: 4 * MAX }));
        expect(err.code).toBe('upstream_status');
        expect(err.message).toContain(`is larger than ${MAX} bytes`);
        expect(statusOf(http, 'remote').state).toBe('connected');
        expect((await http.call('remote', 'deep', { levels: 3 })).structuredContent).toEqual({
          a: nested(1),
        });
      } finally {
        await http.close();
        await server.close();
      }
    });
  }

  it('a stdio line past the message size bound ends the call at once; the server is restarted', async () => {
    const config = stdioConfig('big', { timeoutMs: TIMEOUT_MS });
    if (config.transport.kind === 'stdio') config.transport.args = ['--import', 'tsx', SERVER];
    const stdio = createFederation([config], { maxMessageBytes: MAX, baseDelayMs: 50, maxDelayMs: 100 });
    try {
      await stdio.start();
      const fits = await stdio.call('big', 'deep', { levels: 3, pad: MAX - 1024 });
      expect((fits.content[0] as { text: string }).text).toHaveLength(MAX - 1024);
      const err = await rejection(stdio.call('big', 'deep', { levels: 3, pad: 4 * MAX }));
      expect(err.code).toBe('upstream_unreachable');
      await expect.poll(() => statusOf(stdio, 'big').state, { timeout: 15_000 }).toBe('connected');
      expect(statusOf(stdio, 'big').restarts).toBe(1);
      expect((await stdio.call('big', 'deep', { levels: 3 })).structuredContent).toEqual({ a: nested(1) });
    } finally {
      await stdio.close();
    }
  });
});
