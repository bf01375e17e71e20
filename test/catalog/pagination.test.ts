import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, paginate } from '../../src/catalog/index.js';
import { isPorticoError } from '../../src/errors/index.js';

const tools = (names: string[]) => names.map((name) => ({ name }));
const all = tools(['a', 'b', 'c', 'd', 'e']);

describe('paginate', () => {
  it('walks the whole list page by page with opaque cursors', () => {
    const first = paginate(all, undefined, 2);
    expect(first.page.map((t) => t.name)).toEqual(['a', 'b']);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(first.nextCursor!)).toBe('b');
    const second = paginate(all, first.nextCursor, 2);
    expect(second.page.map((t) => t.name)).toEqual(['c', 'd']);
    const last = paginate(all, second.nextCursor, 2);
    expect(last.page.map((t) => t.name)).toEqual(['e']);
    expect(last.nextCursor).toBeUndefined();
  });

  it('omits nextCursor when everything fits, including an exactly full last page', () => {
    expect(paginate(all, undefined, 10)).toEqual({ page: all });
    expect(paginate(all, undefined, 5)).toEqual({ page: all });
    expect(paginate([], undefined, 5)).toEqual({ page: [] });
  });

  it('resumes after the cursor`s name across catalogue rebuilds', () => {
    const cursor = paginate(all, undefined, 2).nextCursor!;
    // "b" was removed and "bb" added: the next page starts after "b" all the same.
    const rebuilt = tools(['a', 'bb', 'c', 'd', 'e']);
    expect(paginate(rebuilt, cursor, 2).page.map((t) => t.name)).toEqual(['bb', 'c']);
    expect(paginate(all, encodeCursor('zzz'), 2)).toEqual({ page: [] });
  });

  it('rejects garbled cursors with invalid_cursor', () => {
    const bad = [
      'not a cursor!',
      '',
      Buffer.from('{"v":2,"after":"a"}').toString('base64url'),
      Buffer.from('{"v":1}').toString('base64url'),
      Buffer.from('garbage').toString('base64url'),
    ];
    for (const cursor of bad) {
      let caught: unknown;
      try {
        paginate(all, cursor, 2);
      } catch (err) {
        caught = err;
      }
      expect(isPorticoError(caught, 'invalid_cursor')).toBe(true);
      expect((caught as Error).message).toContain('Invalid cursor');
      expect((caught as Error).message).toContain('pass the nextCursor from a previous tools/list response');
    }
  });
});
