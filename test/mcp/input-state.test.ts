import { describe, expect, it } from 'vitest';
import { createInputStateCodec, inputStateKey } from '../../src/mcp/input-state.js';

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
