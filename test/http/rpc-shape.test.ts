import { PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { invalidParams } from '../../src/http/rpc-shape.js';

describe('params shape checks at the edge', () => {
  it('names the field of a malformed known method (-32602 instead of the SDK -32603)', () => {
    expect(invalidParams({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: [1] } })).toMatch(
      /cursor/,
    );
  });

  it('leaves a method 2026-07-28 removed to the SDK (404 -32601) when the request claims that revision', () => {
    const modern = { _meta: { [PROTOCOL_VERSION_META_KEY]: '2026-07-28' } };
    for (const method of ['initialize', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']) {
      expect(invalidParams({ jsonrpc: '2.0', id: 1, method, params: modern }), method).toBeUndefined();
    }
    // The same methods without the claim are 2025-era requests and still shape-checked.
    expect(invalidParams({ jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: {} })).toMatch(/level/);
  });
});
