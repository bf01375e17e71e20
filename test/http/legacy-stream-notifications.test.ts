// The 2025-11-25 GET stream's share of tenant instances' notifications outside calls: tenant,
// per-session log level, declared URL elicitation; and the listen streams' bus never sees them.
import { InMemoryServerEventBus, type ServerEvent } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { LegacyStreams } from '../../src/http/legacy-stream.js';
import { asBusEvent, type ClientNotificationEvent, TenantScopedBus } from '../../src/subscriptions/index.js';

const log = (tenant: string, level: string, levels?: Record<string, 'error'>): ClientNotificationEvent => ({
  kind: 'client_notification',
  tenant,
  notification: { method: 'notifications/message', params: { level, data: `${tenant} ${level}` } },
  ...(levels !== undefined ? { levels } : {}),
});

const completed = (tenant: string): ClientNotificationEvent => ({
  kind: 'client_notification',
  tenant,
  notification: { method: 'notifications/elicitation/complete', params: { elicitationId: `${tenant}-1` } },
});

/** The JSON-RPC messages a stream carried until `end` (keep-alives left out). */
async function read(res: Response, end: () => void): Promise<Array<{ method: string; params: unknown }>> {
  end();
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as { method: string; params: unknown });
}

describe('GET streams and notifications of tenant instances outside calls', () => {
  it('each stream gets its tenant’s messages at or above its session’s level, and completions only if it declared elicitation.url', async () => {
    const bus = new InMemoryServerEventBus();
    const streams = new LegacyStreams(bus);
    const ctl = new AbortController();
    const strict = streams.open(ctl.signal, { tenant: 'acme', session: 's-strict' });
    const open = streams.open(ctl.signal, { tenant: 'acme', session: 's-open', elicitationUrl: true });
    const other = streams.open(ctl.signal, { tenant: 'globex', session: 's-other', elicitationUrl: true });
    bus.publish(asBusEvent(log('acme', 'info', { 's-strict': 'error' })));
    bus.publish(asBusEvent(log('acme', 'critical', { 's-strict': 'error' })));
    bus.publish(asBusEvent(completed('acme')));
    const end = () => streams.closeAll();
    const [s, o, g] = [await read(strict, end), await read(open, end), await read(other, end)];
    expect(s.map((m) => m.params)).toEqual([{ level: 'critical', data: 'acme critical' }]);
    expect(o).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'acme info' } },
      {
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'critical', data: 'acme critical' },
      },
      { jsonrpc: '2.0', method: 'notifications/elicitation/complete', params: { elicitationId: 'acme-1' } },
    ]);
    expect(g).toEqual([]);
  });

  it('the listen streams’ bus never passes them on (2026-07-28 has no stream for them), but passes list changes', () => {
    const inner = new InMemoryServerEventBus();
    const seen: ServerEvent[] = [];
    const bus = new TenantScopedBus(inner);
    bus.subscribe((e) => seen.push(e));
    inner.publish(asBusEvent(log('acme', 'info')));
    inner.publish({ kind: 'tools_list_changed' });
    expect(seen).toEqual([{ kind: 'tools_list_changed' }]);
  });
});
