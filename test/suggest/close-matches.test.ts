import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../src/suggest/index.js';

const names = ['get_flow', 'list_flows', 'create_flow', 'delete_flow', 'get_invoice', 'search'];

describe('closeMatches', () => {
  it('finds typos, transpositions and case differences first', () => {
    expect(closeMatches('get_flwo', names)).toEqual(['get_flow']);
    expect(closeMatches('GET_FLOW', names)).toEqual(['get_flow']);
    expect(closeMatches('serach', names)).toEqual(['search']);
  });

  it('finds substrings and shared words', () => {
    expect(closeMatches('invoice', names)).toEqual(['get_invoice']);
    expect(closeMatches('flows_list', names)).toContain('list_flows');
  });

  it('returns at most max names and nothing for unrelated input', () => {
    expect(closeMatches('flow', names, 2)).toHaveLength(2);
    expect(closeMatches('zzzzzz', names)).toEqual([]);
    expect(closeMatches('get_flow', names)).not.toContain('get_flow');
  });
});

describe('editDistance', () => {
  it('counts edits, with adjacent transpositions as one', () => {
    expect(editDistance('flow', 'flow')).toBe(0);
    expect(editDistance('flow', 'flwo')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyzabc', 2)).toBe(3);
  });
});

describe('closeMatches — short names', () => {
  it('does not suggest a different one- or two-letter name', () => {
    expect(closeMatches('m', ['n', 'limit'])).toEqual([]);
    expect(closeMatches('ID', ['id', 'ix'])).toEqual(['id']);
  });
});
