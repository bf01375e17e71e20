import { describe, expect, it } from 'vitest';
import { type CatalogTool, createArgumentValidator, validateArguments } from '../../src/catalog/index.js';

const tool = {
  inputSchema: {
    type: 'object',
    properties: {
      flow: { type: 'string' },
      limit: { type: 'integer', minimum: 1 },
      state: { type: 'string', enum: ['on', 'off'] },
      since: { type: 'string', format: 'date-time' },
      filter: { type: 'object', properties: { owner: { type: 'string' } }, required: ['owner'] },
      tags: { type: 'array', items: { type: 'string' } },
      note: { type: ['string', 'null'] },
    },
    required: ['flow'],
    additionalProperties: false,
  },
};

const check = createArgumentValidator(tool);
const message = (args: unknown): string => {
  const verdict = check(args);
  if (verdict.ok) throw new Error('expected invalid arguments');
  return verdict.message;
};

describe('createArgumentValidator', () => {
  it('accepts valid arguments without coercing types', () => {
    expect(check({ flow: 'f1', limit: 3, since: '2024-01-01T00:00:00Z', note: null })).toEqual({ ok: true });
    expect(message({ flow: 'f1', limit: '3' })).toBe('argument "limit": must be integer (found "3")');
  });

  it('names each bad field', () => {
    expect(message({ flow: 'f', limit: 'ten' })).toBe('argument "limit": must be integer (found "ten")');
    expect(message({})).toBe('missing required argument "flow"');
    expect(message({ flow: 'f', limit: 0, state: 'maybe' })).toBe(
      'argument "limit": must be >= 1 (found 0); argument "state": must be one of "on", "off" (found "maybe")',
    );
    expect(message({ flow: 'f', since: 'yesterday' })).toBe(
      'argument "since": must match format "date-time" (found "yesterday")',
    );
  });

  it('suggests the closest known argument for an unknown one', () => {
    expect(message({ flwo: 'f' })).toBe(
      'missing required argument "flow"; unknown argument "flwo" — did you mean "flow"?',
    );
    expect(message({ flow: 'f', zzz: 1 })).toBe(
      'unknown argument "zzz" (expected one of: flow, limit, state, since, filter, tags, note)',
    );
  });

  it('describes nested problems with a dotted path', () => {
    expect(message({ flow: 'f', filter: {} })).toBe('argument "filter": missing required property "owner"');
    expect(message({ flow: 'f', tags: ['a', 2] })).toBe('argument "tags[1]": must be string (found 2)');
  });

  it('rejects non-object arguments', () => {
    expect(message([1])).toBe('arguments must be object (found [1])');
  });

  it('still checks required and unknown arguments when an imported schema does not compile', () => {
    const broken = createArgumentValidator({
      inputSchema: {
        type: 'object',
        properties: { n: { type: 'integer', minimum: 'one' } },
        required: ['n'],
        additionalProperties: false,
      },
    });
    expect(broken({ n: 5 })).toEqual({ ok: true });
    expect(broken({ m: 1 })).toEqual({
      ok: false,
      message: 'missing required argument "n"; unknown argument "m" (expected one of: n)',
    });
  });

  it('caches one validator per tool in validateArguments', () => {
    const t = tool as unknown as CatalogTool;
    expect(validateArguments(t, { flow: 'x' })).toEqual({ ok: true });
    expect(validateArguments(t, { flow: 1 })).toEqual({
      ok: false,
      message: 'argument "flow": must be string (found 1)',
    });
  });
});
