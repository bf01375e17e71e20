import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/config/suggest.js';

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

describe('didYouMean', () => {
  const keys = ['base_url', 'timeout_ms', 'connect_timeout_ms', 'retry'];

  it('suggests the closest plausible candidate', () => {
    expect(didYouMean('base_ur', keys)).toBe('base_url');
    expect(didYouMean('timeout', keys)).toBe('timeout_ms');
    expect(didYouMean('retyr', keys)).toBe('retry');
  });

  it('ignores case', () => {
    expect(didYouMean('get', ['GET', 'POST'])).toBe('GET');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('FETCH', ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])).toBeUndefined();
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
