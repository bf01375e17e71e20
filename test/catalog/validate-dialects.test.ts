import { describe, expect, it } from 'vitest';
import { chooseDialect, createArgumentValidator } from '../../src/catalog/index.js';

type Warning = { fields: Record<string, unknown>; message: string };

function validatorFor(inputSchema: Record<string, unknown>, warnings: Warning[] = []) {
  return createArgumentValidator(
    { inputSchema },
    { name: 'srv.tool', warn: (fields, message) => warnings.push({ fields, message }) },
  );
}

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DRAFT_2019 = 'https://json-schema.org/draft/2019-09/schema';
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

describe('argument validation honours the $schema dialect', () => {
  it('draft-07: the SDK v1 / zod schemas validate (tuple items, definitions)', () => {
    const warnings: Warning[] = [];
    const check = validatorFor(
      {
        $schema: DRAFT_07,
        type: 'object',
        definitions: { name: { type: 'string', minLength: 1 } },
        properties: {
          message: { $ref: '#/definitions/name' },
          pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false },
        },
        required: ['message'],
        additionalProperties: false,
      },
      warnings,
    );
    expect(check({ message: 'hi', pair: ['a', 1] })).toEqual({ ok: true });
    expect(check({ message: '' })).toEqual({
      ok: false,
      message: 'argument "message": must NOT have fewer than 1 characters (found "")',
    });
    // Tuple semantics of draft-07 `items: [...]` (an error in 2020-12).
    expect(check({ message: 'x', pair: [1, 'a'] })).toMatchObject({ ok: false });
    expect(check({ message: 'x', pair: ['a', 1, 2] })).toMatchObject({ ok: false });
    expect(check({})).toEqual({ ok: false, message: 'missing required argument "message"' });
    expect(warnings).toEqual([]);
  });

  it('draft-07 spelled without "#" or with https is still draft-07', () => {
    expect(chooseDialect({ $schema: 'http://json-schema.org/draft-07/schema' })).toMatchObject({
      dialect: 'draft-07',
      exact: true,
    });
    expect(chooseDialect({ $schema: 'https://json-schema.org/draft-07/schema#' }).dialect).toBe('draft-07');
    const check = validatorFor({
      $schema: 'http://json-schema.org/draft-07/schema',
      type: 'object',
      properties: { n: { type: 'integer' } },
    });
    expect(check({ n: 'x' })).toEqual({ ok: false, message: 'argument "n": must be integer (found "x")' });
  });

  it('2019-09: unevaluatedProperties and dependentRequired apply', () => {
    const warnings: Warning[] = [];
    const check = validatorFor(
      {
        $schema: DRAFT_2019,
        type: 'object',
        allOf: [{ properties: { a: { type: 'string' }, b: { type: 'string' } } }],
        dependentRequired: { a: ['b'] },
        unevaluatedProperties: false,
      },
      warnings,
    );
    expect(check({ a: 'x', b: 'y' })).toEqual({ ok: true });
    expect(check({ a: 'x' })).toMatchObject({ ok: false });
    expect(check({ b: 'y', c: 1 })).toMatchObject({ ok: false });
    expect(warnings).toEqual([]);
  });

  it('2020-12 (declared, or by default): prefixItems and items:false apply', () => {
    for (const $schema of [DRAFT_2020, undefined]) {
      const check = validatorFor({
        ...($schema !== undefined ? { $schema } : {}),
        type: 'object',
        properties: {
          pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        },
      });
      expect(check({ pair: ['a', 1] })).toEqual({ ok: true });
      expect(check({ pair: ['a', 1, 2] })).toMatchObject({ ok: false });
      expect(check({ pair: [1, 'a'] })).toMatchObject({ ok: false });
    }
    expect(chooseDialect({})).toEqual({ dialect: '2020-12', exact: true });
  });

  it('an older draft validates with draft-07, an unknown $schema with 2020-12; each logged once', () => {
    const warnings: Warning[] = [];
    const draft04 = 'http://json-schema.org/draft-04/schema#';
    const strange = 'https://example.com/my-dialect/v1';
    expect(chooseDialect({ $schema: draft04 })).toEqual({
      dialect: 'draft-07',
      declared: draft04,
      exact: false,
    });
    expect(chooseDialect({ $schema: strange })).toEqual({
      dialect: '2020-12',
      declared: strange,
      exact: false,
    });
    for (const $schema of [draft04, draft04, strange, strange]) {
      const check = validatorFor(
        { $schema, type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
        warnings,
      );
      expect(check({ n: 1 })).toEqual({ ok: true });
      expect(check({ n: 'one' })).toEqual({
        ok: false,
        message: 'argument "n": must be integer (found "one")',
      });
    }
    expect(warnings.map((w) => w.fields.$schema)).toEqual([draft04, strange]);
    expect(warnings[0]!.message).toMatch(/closest dialect \(draft-07\)/);
    expect(warnings[1]!.message).toMatch(/closest dialect \(2020-12\)/);
  });

  it('a schema that does not compile never fails the call: it degrades with one warning', () => {
    const warnings: Warning[] = [];
    const check = validatorFor(
      {
        $schema: DRAFT_07,
        type: 'object',
        properties: { x: { $ref: '#/definitions/missing' }, y: { type: 'string' } },
        required: ['x'],
      },
      warnings,
    );
    expect(check({ x: { anything: true }, y: 3 })).toEqual({ ok: true });
    expect(check({ x: 1 })).toEqual({ ok: true });
    expect(check({})).toEqual({ ok: false, message: 'missing required argument "x"' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields).toMatchObject({ tool: 'srv.tool', dialect: 'draft-07' });
    expect(warnings[0]!.message).toMatch(/does not compile/);
  });

  it('the relaxed fallback does not reject properties other keywords allow', () => {
    const check = validatorFor({
      type: 'object',
      properties: { x: { type: 'string', minimum: 'one' } },
      patternProperties: { '^extra_': { type: 'string' } },
      additionalProperties: false,
    });
    expect(check({ x: 'a', extra_one: 'b' })).toEqual({ ok: true });
  });

  it('argument schemas declaring their own $schema (OpenAPI components, YAML arguments) validate', () => {
    const warnings: Warning[] = [];
    const check = validatorFor(
      {
        type: 'object',
        properties: {
          id: { $schema: DRAFT_07, type: 'string', pattern: '^[a-z]+$' },
          when: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string', format: 'date' },
        },
        required: ['id'],
        additionalProperties: false,
      },
      warnings,
    );
    expect(check({ id: 'abc', when: '2026-01-02' })).toEqual({ ok: true });
    expect(check({ id: 'ABC' })).toEqual({
      ok: false,
      message: 'argument "id": must match pattern "^[a-z]+$" (found "ABC")',
    });
    expect(warnings).toEqual([]);
  });
});
