import { InMemoryTransport, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { createSessionIds } from '../../src/http/index.js';
import { relayAllowed } from '../../src/mcp/client-capabilities.js';
import {
  decodeRelayCapabilities,
  encodeRelayCapabilities,
  PendingRelays,
  relayCapabilitiesOf,
  relayOwner,
} from '../../src/mcp/index.js';

describe('relay capabilities of a 2025-11-25 client', () => {
  it('reads what initialize declared, and round-trips through a signed session id', () => {
    const caps = relayCapabilitiesOf({
      sampling: { tools: {} },
      elicitation: {},
      roots: { listChanged: true },
    });
    expect(caps).toEqual({
      sampling: true,
      samplingTools: true,
      elicitationForm: true,
      elicitationUrl: false,
      roots: true,
    });
    expect(decodeRelayCapabilities(encodeRelayCapabilities(caps))).toEqual(caps);
    const none = relayCapabilitiesOf(undefined);
    expect(encodeRelayCapabilities(none)).toBe('-');
    const sessions = createSessionIds(Buffer.alloc(32, 7));
    expect(sessions.read(sessions.issue(caps))).toEqual({ capabilities: caps });
    expect(sessions.read(sessions.issue())).toEqual({});
  });

  it('refuses a session id whose capabilities were edited', () => {
    const sessions = createSessionIds(Buffer.alloc(32, 7));
    const id = sessions.issue(relayCapabilitiesOf({}));
    const forged = id.replace('.-.', '.ser.');
    expect(forged).not.toBe(id);
    expect(sessions.read(forged)).toBeUndefined();
    expect(sessions.verify(forged)).toBe(false);
  });

  it('says which capability a request needs', () => {
    const formOnly = relayCapabilitiesOf({ elicitation: { form: {} }, sampling: {} });
    // `required` is the ClientCapabilities object a 2026-07-28 caller's -32021 error names.
    expect(relayAllowed(formOnly, 'elicitation/create', { mode: 'url' })).toEqual({
      ok: false,
      needs: 'elicitation.url',
      required: { elicitation: { url: {} } },
    });
    expect(relayAllowed(formOnly, 'elicitation/create', { message: 'm' })).toEqual({ ok: true });
    expect(relayAllowed(formOnly, 'sampling/createMessage', { tools: [] })).toEqual({
      ok: false,
      needs: 'sampling.tools',
      required: { sampling: { tools: {} } },
    });
    expect(relayAllowed(formOnly, 'roots/list', undefined)).toEqual({
      ok: false,
      needs: 'roots',
      required: { roots: {} },
    });
  });
});

describe('PendingRelays', () => {
  const answer: JSONRPCMessage = { jsonrpc: '2.0', id: 0, result: { roots: [] } };

  it('delivers a client answer only to the request the same caller is waiting on', async () => {
    const relays = new PendingRelays();
    const [transport] = InMemoryTransport.createLinkedPair();
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (m) => received.push(m);
    const owner = relayOwner({ tenantId: 'north', tokenId: 'tok_1' });
    const other = relayOwner({ tenantId: 'south', tokenId: 'tok_2' });
    let answered: () => void = () => undefined;
    const waiting = relays.run('sess', owner, transport, new AbortController().signal, async () => {
      await new Promise<void>((resolve) => {
        answered = resolve;
      });
      return 'done';
    });
    await new Promise((r) => setImmediate(r));
    expect(relays.deliver('sess', other, answer)).toBe(false);
    expect(relays.deliver('other-session', owner, answer)).toBe(false);
    expect(received).toEqual([]);
    expect(relays.deliver('sess', owner, answer)).toBe(true);
    expect(received).toEqual([answer]);
    answered();
    expect(await waiting).toBe('done');
    expect(relays.size()).toBe(0);
    expect(relays.deliver('sess', owner, answer)).toBe(false);
  });

  it('runs one relayed request per session at a time, in order', async () => {
    const relays = new PendingRelays();
    const [transport] = InMemoryTransport.createLinkedPair();
    const order: string[] = [];
    let finishFirst: () => void = () => undefined;
    const signal = new AbortController().signal;
    const first = relays.run('s', 'o', transport, signal, async () => {
      order.push('first started');
      await new Promise<void>((resolve) => {
        finishFirst = resolve;
      });
      order.push('first done');
    });
    const second = relays.run('s', 'o', transport, signal, async () => {
      order.push('second started');
    });
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['first started']);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first started', 'first done', 'second started']);
  });
});
