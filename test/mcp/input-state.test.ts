import { describe, expect, it } from 'vitest';
import {
  createInputStateCodec,
  createPassThroughCodec,
  inputStateKey,
  isPassThroughWrapper,
} from '../../src/mcp/input-state.js';

describe("Portico's requestState", () => {
  const codec = createInputStateCodec(inputStateKey(Buffer.alloc(32, 3)));
  const payload = { instance: 'i-1', call: 'c-1', round: 2, deadline: 1_800_000_000_000 };
  const owner = JSON.stringify(['north', 'tok-1']);

  it('round-trips for its owner, on any replica holding the same secret', () => {
    const state = codec.mint(payload, owner);
    expect(codec.verify(state, owner)).toEqual(payload);
    expect(createInputStateCodec(inputStateKey(Buffer.alloc(32, 3))).verify(state, owner)).toEqual(payload);
    expect(state).not.toContain('north');
  });

  it('is refused for another owner, another secret, or once edited', () => {
    const state = codec.mint(payload, owner);
    expect(() => codec.verify(state, JSON.stringify(['south', 'tok-2']))).toThrow('mac');
    expect(() => codec.verify(state, JSON.stringify(['north', 'tok-2']))).toThrow('mac');
    expect(() => createInputStateCodec(inputStateKey(Buffer.alloc(32, 4))).verify(state, owner)).toThrow(
      'mac',
    );
    expect(() => codec.verify(`${state}-TAMPERED`, owner)).toThrow();
    const [v, body, sig] = state.split('.');
    const other = Buffer.from(JSON.stringify({ i: 'i-1', c: 'c-2', r: 2, d: 1_800_000_000_000 })).toString(
      'base64url',
    );
    expect(other).not.toBe(body);
    expect(() => codec.verify(`${v}.${other}.${sig}`, owner)).toThrow('mac');
    expect(() => codec.verify('x'.repeat(600), owner)).toThrow('malformed');
  });
});

describe("Portico's wrapper of a 2026-07-28 server's own requestState (pass-through)", () => {
  const key = inputStateKey(Buffer.alloc(32, 3));
  const codec = createPassThroughCodec(key);
  const state = {
    kind: 'pass_through' as const,
    server: 'modern',
    tenant: 'north',
    method: 'tools/call',
    subject: 'ask',
    upstream: 'the-server.own.state',
  };
  const owner = JSON.stringify(['north', 'tok-1']);

  it('round-trips for its owner on any replica with the same secret, with or without a server state', () => {
    const wrapped = codec.mint(state, owner);
    expect(isPassThroughWrapper(wrapped)).toBe(true);
    expect(createPassThroughCodec(inputStateKey(Buffer.alloc(32, 3))).verify(wrapped, owner)).toEqual(state);
    const { upstream: _u, ...bare } = state;
    expect(codec.verify(codec.mint(bare, owner), owner)).toEqual(bare);
  });

  it('is refused for another owner, once edited, or as a suspended call state (and the reverse)', () => {
    const wrapped = codec.mint(state, owner);
    expect(() => codec.verify(wrapped, JSON.stringify(['north', 'tok-2']))).toThrow('mac');
    const [tag, , sig] = wrapped.split('.');
    const forged = Buffer.from(
      JSON.stringify({ s: 'modern', t: 'north', m: 'tools/call', n: 'ask', u: 'forged' }),
    ).toString('base64url');
    expect(() => codec.verify(`${tag}.${forged}.${sig}`, owner)).toThrow('mac');
    // Same key, other label: one kind of state never passes for the other.
    const call = createInputStateCodec(key).mint({ instance: 'i', call: 'c', round: 1, deadline: 1 }, owner);
    expect(isPassThroughWrapper(call)).toBe(false);
    expect(() => codec.verify(call, owner)).toThrow('malformed');
    expect(() => createInputStateCodec(key).verify(wrapped, owner)).toThrow('malformed');
    expect(() => codec.verify(`p1.${'x'.repeat(70_000)}.y`, owner)).toThrow('malformed');
  });
});
