import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, isJsonContentType, readCappedBody } from '../../src/upstream/read-body.js';

describe('readCappedBody', () => {
  it('reads everything under the cap', async () => {
    const body = await readCappedBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4);
    expect(body.buffer.toString()).toBe('abcd');
    expect(body.truncated).toBe(false);
  });

  it('stops at the cap, destroys the stream and keeps the first bytes', async () => {
    let pulled = 0;
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < 100; i++) {
          pulled++;
          yield Buffer.from('0123456789');
        }
      })(),
    );
    const body = await readCappedBody(stream, 25);
    expect(body.buffer.toString()).toBe('0123456789012345678901234');
    expect(body.truncated).toBe(true);
    expect(stream.destroyed).toBe(true);
    expect(pulled).toBeLessThan(100);
  });
});

describe('decodeUtf8', () => {
  it.each([
    ['€', 3],
    ['😀', 4],
    ['é', 2],
  ])('drops a cut %s (%i bytes) at the end of a truncated buffer', (char, size) => {
    const full = Buffer.from(`ab${char}`);
    for (let cut = 1; cut < size; cut++) {
      expect(decodeUtf8(full.subarray(0, 2 + cut), true)).toBe('ab');
    }
    expect(decodeUtf8(full, true)).toBe(`ab${char}`);
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/problem+json', true],
    ['text/plain', false],
    ['', false],
    ['text/json-ish', false],
  ])('%j → %s', (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected);
  });
});
