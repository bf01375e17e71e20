import type { CallToolResult } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFederation, type Federation } from '../../src/federation/index.js';
import { type FixtureTool, type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { httpConfig, recordingLogger, rejection, statusOf, stdioConfig } from './helpers.js';

const TOKEN = 'tok-0123456789';

const RICH: CallToolResult = {
  content: [
    { type: 'text', text: 'a picture' },
    { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
    { type: 'resource_link', uri: 'file:///tmp/report.txt', name: 'report' },
  ],
  structuredContent: { width: 1, height: 1 },
  _meta: { 'example.com/trace': 'abc' },
};
/** {@link RICH} as Portico forwards it: unchanged but for the resource link, published as the server's resources are. */
const RICH_PUBLISHED: CallToolResult = {
  ...RICH,
  content: RICH.content.map((b) =>
    b.type === 'resource_link' ? { ...b, uri: `portico:remote/${b.uri}` } : b,
  ),
};

function tool(name: string, run: FixtureTool['run'] = () => ({ content: [{ type: 'text', text: name }] })) {
  return { tool: { name, description: `The ${name} tool`, inputSchema: { type: 'object' as const } }, run };
}

const fixtures: HttpFixture[] = [];
const federations: Federation[] = [];
async function fixture(opts: Partial<Parameters<typeof startHttpFixture>[0]> = {}): Promise<HttpFixture> {
  const f = await startHttpFixture({ token: TOKEN, tools: [tool('one'), tool('two')], ...opts });
  fixtures.push(f);
  return f;
}
function federate(...args: Parameters<typeof createFederation>): Federation {
  const f = createFederation(...args);
  federations.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(federations.splice(0).map((f) => f.close()));
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

describe('federation: Streamable HTTP MCP servers', () => {
  for (const era of ['modern', 'legacy'] as const) {
    it(`connects to a ${era} server, follows every tools/list page and forwards calls (resource links published)`, async () => {
      const tools = ['a', 'b', 'c', 'd', 'e'].map((n) => tool(n));
      tools.push(tool('rich', () => structuredClone(RICH)));
      const server = await fixture({ tools, pageSize: 2, era });
      const federation = federate([httpConfig('remote', server.url, { bearer: TOKEN })]);
      await federation.start();

      const s = statusOf(federation, 'remote');
      expect(s).toMatchObject({ state: 'connected', transport: 'http', toolCount: 6 });
      expect(s.protocolVersion).toBe(era === 'modern' ? '2026-07-28' : '2025-11-25');
      expect(
        federation
          .tools()
          .get('remote')
          ?.map((t) => t.name),
      ).toEqual(['a', 'b', 'c', 'd', 'e', 'rich']);
      expect(await federation.call('remote', 'rich', {})).toEqual(RICH_PUBLISHED);
      expect(await federation.call('remote', 'c', {})).toEqual({ content: [{ type: 'text', text: 'c' }] });
    });
  }

  it('sends the configured headers and bearer token on every request', async () => {
    const server = await fixture();
    const federation = federate([
      httpConfig('remote', server.url, { bearer: TOKEN, headers: { 'X-Team': 'platform' } }),
    ]);
    await federation.start();
    await federation.call('remote', 'one', {});
    expect(server.seen.length).toBeGreaterThanOrEqual(3);
    for (const headers of server.seen) {
      expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(headers['x-team']).toBe('platform');
    }
    expect(server.unauthorized).toBe(0);
  });

  it('marks a server that rejects the token failed, without the token in status or logs', async () => {
    const server = await fixture();
    const logger = recordingLogger();
    const federation = federate([httpConfig('remote', server.url, { bearer: 'wrong-token-value' })], {
      logger,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
    });
    await federation.start();
    const s = statusOf(federation, 'remote');
    expect(s.state).toBe('failed');
    expect(s.error).toContain('HTTP 401');
    expect(s.error).toContain('mcp_servers.remote.bearer');
    expect(server.unauthorized).toBeGreaterThan(0);
    expect(JSON.stringify([federation.status(), logger.entries])).not.toContain('wrong-token-value');
  });

  it('fails open: an unreachable server is failed, start() resolves and the others work', async () => {
    const down = await fixture();
    const url = down.url;
    await down.close();
    fixtures.splice(fixtures.indexOf(down), 1);
    const up = await fixture();
    const federation = federate(
      [
        httpConfig('down', url, { bearer: TOKEN }),
        httpConfig('up', up.url, { bearer: TOKEN }),
        stdioConfig('local'),
      ],
      { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    );
    await federation.start();

    const s = statusOf(federation, 'down');
    expect(s.state).toBe('failed');
    expect(s.error).toContain('ECONNREFUSED');
    expect(Date.parse(s.retryAt ?? '')).toBeGreaterThan(Date.now());
    expect([...federation.tools().keys()].sort()).toEqual(['local', 'up']);
    expect(await federation.call('up', 'two', {})).toEqual({ content: [{ type: 'text', text: 'two' }] });
    expect(await federation.call('local', 'add', { a: 1, b: 2 })).toEqual({
      content: [{ type: 'text', text: '3' }],
    });

    const err = await rejection(federation.call('down', 'one', {}));
    expect(err.code).toBe('upstream_unreachable');
    expect(err.message).toContain('MCP server "down" is unavailable: ');
    expect(err.message).toContain(`next attempt at ${s.retryAt}`);
  });

  it('connects in the background once a server that was down comes up, and fires onChange', async () => {
    const probe = await fixture();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    fixtures.splice(fixtures.indexOf(probe), 1);
    const federation = federate([httpConfig('late', probe.url, { bearer: TOKEN })], {
      baseDelayMs: 50,
      maxDelayMs: 200,
    });
    let changes = 0;
    federation.onChange(() => changes++);
    await federation.start();
    expect(statusOf(federation, 'late').state).toBe('failed');
    expect(changes).toBe(0);

    await fixture({ port });
    await vi.waitFor(() => expect(statusOf(federation, 'late').state).toBe('connected'), { timeout: 10_000 });
    expect(changes).toBe(1);
    expect(
      federation
        .tools()
        .get('late')
        ?.map((t) => t.name),
    ).toEqual(['one', 'two']);
  });

  it('re-lists when a modern server sends tools/list_changed on its subscription', async () => {
    const server = await fixture();
    const federation = federate([httpConfig('remote', server.url, { bearer: TOKEN })]);
    await federation.start();
    let changes = 0;
    federation.onChange(() => changes++);
    server.addTool(tool('three'));
    await vi.waitFor(() => expect(changes).toBe(1));
    expect(
      federation
        .tools()
        .get('remote')
        ?.map((t) => t.name),
    ).toEqual(['one', 'two', 'three']);
    expect(await federation.call('remote', 'three', {})).toEqual({
      content: [{ type: 'text', text: 'three' }],
    });
  });

  it('marks a server that goes away failed and reports calls as upstream_unreachable', async () => {
    const server = await fixture({ era: 'legacy' });
    const federation = federate([httpConfig('remote', server.url, { bearer: TOKEN })], {
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
    });
    await federation.start();
    await server.close();
    fixtures.splice(fixtures.indexOf(server), 1);

    const err = await rejection(federation.call('remote', 'one', {}));
    expect(err.code).toBe('upstream_unreachable');
    expect(err.message).toContain('fetch failed');
    expect(statusOf(federation, 'remote')).toMatchObject({ state: 'failed', toolCount: 2 });
    expect(statusOf(federation, 'remote').error).toContain('fetch failed');
  });

  it('times out a slow HTTP call with upstream_timeout', async () => {
    const slow = tool('slow', () => new Promise((r) => setTimeout(() => r({ content: [] }), 5_000)));
    const server = await fixture({ tools: [slow] });
    const federation = federate([httpConfig('remote', server.url, { bearer: TOKEN }, { timeoutMs: 200 })], {
      connectTimeoutMs: 10_000,
    });
    await federation.start();
    const err = await rejection(federation.call('remote', 'slow', {}));
    expect(err.code).toBe('upstream_timeout');
    expect(statusOf(federation, 'remote').state).toBe('connected');
  });
});
