import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFederation, type Federation } from '../../src/federation/index.js';
import { type HttpFixture, startHttpFixture } from '../fixtures/mcp/http-server.js';
import { httpConfig, recordingLogger, statusOf } from './helpers.js';

const TOKEN = 'tok-listen-faults';
const tool = (name: string) => ({
  tool: { name, inputSchema: { type: 'object' as const } },
  run: () => ({ content: [{ type: 'text' as const, text: name }] }),
});

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('a 2026-07-28 HTTP upstream whose subscriptions/listen stream is broken', () => {
  for (const fault of ['silent', 'reset'] as const) {
    it(`${fault === 'silent' ? 'accepted, never acknowledged' : 'acknowledged, then reset'}: connect completes, the fallback is logged, tool changes are polled`, async () => {
      const server: HttpFixture = await startHttpFixture({
        token: TOKEN,
        tools: [tool('one')],
        listenFault: fault,
      });
      open.push(server);
      const logger = recordingLogger();
      const federation: Federation = createFederation([httpConfig('remote', server.url, { bearer: TOKEN })], {
        logger,
        listenAckTimeoutMs: 300,
        listPollMs: 100,
      });
      open.push(federation);
      await federation.start();
      expect(statusOf(federation, 'remote')).toMatchObject({
        state: 'connected',
        protocolVersion: '2026-07-28',
      });
      expect(server.listens).toBeGreaterThan(0);
      await vi.waitFor(() =>
        expect(logger.entries.map((e) => e.msg)).toContain(
          'list changes of a federated MCP server cannot be heard; polling its lists instead',
        ),
      );
      server.addTool(tool('two'));
      await vi.waitFor(() =>
        expect(
          federation
            .tools()
            .get('remote')
            ?.map((t) => t.name),
        ).toEqual(['one', 'two']),
      );
      expect(statusOf(federation, 'remote').restarts).toBe(0);
    });
  }
});
