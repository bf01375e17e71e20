import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanAny } from '../../src/suggest/index.js';

describe('did you mean', () => {
  it('appends one match after a dash, quoted or written by the caller', () => {
    expect(didYouMean('base_url')).toBe(' — did you mean "base_url"?');
    expect(didYouMean('provider', (p) => `{${p}}`)).toBe(' — did you mean {provider}?');
    expect(didYouMean(undefined)).toBe('');
  });

  it('writes several matches as a sentence', () => {
    expect(didYouMeanAny(['get_flow', 'get_run'])).toBe(' Did you mean "get_flow" or "get_run"?');
    expect(didYouMeanAny([])).toBe('');
  });
});
