import { describe, expect, it } from 'vitest';
import { capDescription } from '../../src/catalog/index.js';

describe('capDescription', () => {
  it('keeps a description that fits', () => {
    expect(capDescription('List flows.', 11)).toBe('List flows.');
    expect(capDescription('', 5)).toBe('');
  });

  it('cuts a longer one to exactly max characters, ending with an ellipsis', () => {
    expect(capDescription('List every flow visible to the caller.', 10)).toBe('List ever…');
    expect(capDescription('List every flow visible to the caller.', 10)).toHaveLength(10);
    expect(capDescription('ab', 1)).toBe('…');
  });

  it('never splits a surrogate pair', () => {
    const text = `abc${'😀'}def`;
    expect(capDescription(text, 5)).toBe('abc…');
    expect(capDescription(text, 6)).toBe('abc😀…');
  });
});
