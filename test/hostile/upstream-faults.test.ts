import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PorticoInstance } from '../../src/runtime/index.js';
import { connectClient, type Era } from '../support/clients.js';
import { type HostileUpstream, startHostileUpstream } from '../support/hostile-upstream.js';
import { startTestPortico } from '../support/portico.js';

const config = fileURLToPath(new URL('../fixtures/hostile-upstream.yaml', import.meta.url));

type Result = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };
const text = (r: Result) => r.content.map((c) => c.text).join('\n');

let upstream: HostileUpstream;
let portico: PorticoInstance;
beforeAll(async () => {
  upstream = await startHostileUpstream();
  portico = await startTestPortico(config, { HOSTILE_URL: upstream.url });
});
afterAll(async () => {
  await portico.close();
  await upstream.close();
});

describe.each<Era>(['modern', 'legacy'])('hostile upstream bodies (%s client)', (era) => {
  let client: Client;
  beforeAll(async () => {
    client = await connectClient(portico.mcpUrl, era);
  });
  afterAll(async () => {
    await client.close();
  });
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as Result;

  it('6,000 levels of JSON → an isError naming the depth limit, and the next call still works', async () => {
    const r = await call('get_deep', { levels: 6_000 });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/nested deeper than 64 levels \(server\.max_json_depth\)/);
    const shallow = await call('get_deep', { levels: 10 });
    expect(shallow.isError).toBeFalsy();
    expect(await call('get_ok')).toMatchObject({ structuredContent: { ok: true } });
  });

  it('honours the charset of the upstream (iso-8859-1)', async () => {
    expect(text(await call('get_latin1'))).toBe('café');
  });

  it('a connection reset mid-body, garbage JSON, non-UTF-8 bytes, a slow drip and a huge body each end in a bounded answer', async () => {
    const reset = await call('get_reset');
    expect(reset.isError).toBe(true);
    const garbage = await call('get_garbage');
    expect(text(garbage)).toContain('nope');
    const binary = await call('get_binary');
    expect(binary.isError).toBeFalsy();
    expect(text(binary)).toContain('\uFFFD');
    const drip = await call('get_drip');
    expect(drip.isError).toBe(true);
    expect(text(drip)).toMatch(/did not respond within 800 ms/);
    const huge = await call('get_huge');
    expect(huge.isError).toBeFalsy();
    expect(text(huge)).toMatch(/truncated/);
    expect(await call('get_ok')).toMatchObject({ structuredContent: { ok: true } });
  });
});
