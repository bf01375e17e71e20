import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/suggest/index.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('base_ur', 'base_url')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('FETCH', 'PATCH')).toBe(2);
    expect(editDistance('retyr', 'retry')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('closestMatch', () => {
  const keys = ['base_url', 'timeout_ms', 'connect_timeout_ms', 'retry'];

  it('suggests the closest plausible candidate', () => {
    expect(closestMatch('base_ur', keys)).toBe('base_url');
    expect(closestMatch('timeout', keys)).toBe('timeout_ms');
    expect(closestMatch('retyr', keys)).toBe('retry');
  });

  it('ignores case', () => {
    expect(closestMatch('get', ['GET', 'POST'])).toBe('GET');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(
      closestMatch('FETCH', ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
    ).toBeUndefined();
    expect(closestMatch('colour', keys)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});
