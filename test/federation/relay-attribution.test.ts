import { describe, expect, it } from 'vitest';
import { type RunningCall, relayServerRequest } from '../../src/federation/relay.js';
import type { FederatedServerRequestRelay } from '../../src/federation/types.js';

const ROOTS = { method: 'roots/list' as const };

/** A call whose caller answers with its own name; `parked` as a suspended 2026-07-28 call is. */
function call(name: string, parked: boolean): RunningCall {
  const relay: FederatedServerRequestRelay = async () => ({ roots: [{ uri: `file:///${name}`, name }] });
  relay.parked = () => parked;
  return { onServerRequest: relay, ended: new AbortController().signal };
}

describe('which call a server request goes to', () => {
  const signal = new AbortController().signal;

  it("on a tenant's instance, the one live call is asked even while others are parked for input", async () => {
    const result = await relayServerRequest('s', [call('parked', true), call('live', false)], ROOTS, signal, {
      oneTenant: true,
    });
    expect(result).toEqual({ roots: [{ uri: 'file:///live', name: 'live' }] });
  });

  it('on a shared connection (calls of any tenant), a parked call still makes it ambiguous: nobody is asked', async () => {
    await expect(
      relayServerRequest('s', [call('parked', true), call('live', false)], ROOTS, signal, {
        oneTenant: false,
      }),
    ).rejects.toMatchObject({
      code: -32601,
      message: expect.stringMatching(/2 tools\/call requests are running/),
    });
  });

  it('two live calls, or two parked ones, are ambiguous even on a tenant instance', async () => {
    for (const calls of [
      [call('a', false), call('b', false)],
      [call('a', true), call('b', true)],
    ]) {
      await expect(relayServerRequest('s', calls, ROOTS, signal, { oneTenant: true })).rejects.toMatchObject({
        code: -32601,
      });
    }
  });
});
