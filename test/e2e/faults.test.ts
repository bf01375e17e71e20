import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';
import { startTestPortico } from '../support/portico.js';

const config = fileURLToPath(new URL('../fixtures/faults.yaml', import.meta.url));

type TextResult = {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: unknown;
};
const text = (r: TextResult) => r.content.map((c) => c.text).join('\n');

describe.each<Era>(['modern', 'legacy'])('upstream faults (%s client)', (era) => {
  let upstream: FaultUpstream;
  let portico: PorticoInstance;
  let client: Client;

  beforeAll(async () => {
    upstream = await startFaultUpstream();
    portico = await startTestPortico(config, { FAULT_URL: upstream.url });
    client = await connectClient(portico.mcpUrl, era);
  });
  afterAll(async () => {
    await client.close();
    await portico.close();
    await upstream.close();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as TextResult;

  it('returns JSON objects as structuredContent plus a text block', async () => {
    const r = await call('get_item', { id: 'a b/../c', verbose: true });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toEqual({ id: 'a b/../c', query: { verbose: 'true' } });
    expect(JSON.parse(text(r))).toEqual(r.structuredContent);
  });

  it('returns arrays and text bodies as text', async () => {
    expect(text(await call('list_numbers'))).toBe('[1,2,3]');
    expect(text(await call('get_text'))).toBe('plain words');
  });

  it('sends body arguments as JSON', async () => {
    const r = await call('create_echo', { name: 'n1', count: 2 });
    expect(r.structuredContent).toMatchObject({ method: 'POST', body: { name: 'n1', count: 2 } });
  });

  it('turns a 500 with a JSON error body into an isError result with the upstream message', async () => {
    const r = await call('fail_500');
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('HTTP 500');
    expect(text(r)).toContain('database is down for maintenance');
  });

  it('turns a non-JSON error body into an isError result', async () => {
    const r = await call('not_json');
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('502');
    expect(text(r)).toContain('Bad gateway from nginx');
  });

  it('truncates an oversized body with a clear note', async () => {
    const r = await call('get_big');
    expect(r.isError).toBeFalsy();
    expect(text(r)).toMatch(/truncated at/);
  });

  it('reports an upstream slower than its timeout as an isError result', async () => {
    const r = await call('get_slow');
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/did not respond within 400 ms/);
  });

  it('aborts the upstream request when the client cancels', async () => {
    const controller = new AbortController();
    const before = upstream.aborted.length;
    const pending = client.callTool({ name: 'wait_forever', arguments: {} }, { signal: controller.signal });
    await vi.waitFor(() => expect(upstream.seen.at(-1)).toBe('GET /slow'));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(upstream.aborted.length).toBeGreaterThan(before), { timeout: 5000 });
  });

  it('keeps serving when the upstream is down', async () => {
    await upstream.close();
    const r = await call('get_item', { id: '1' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/faults/);
    const list = await client.listTools();
    expect(list.tools.length).toBeGreaterThan(0);
  });
});
