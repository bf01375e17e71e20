import { describe, expect, it } from 'vitest';
import { auditArguments, MAX_ARG_KEYS, matchesToolGlob } from '../../src/audit/index.js';

describe('auditArguments', () => {
  const args = { id: 42, filter: { tags: ['a'] }, note: 'secret-ish' };

  it('keeps argument names only, by default', () => {
    expect(auditArguments('crm_get_contact', args, [])).toEqual({
      argKeys: ['id', 'filter', 'note'],
      args: null,
    });
    expect(auditArguments('crm_get_contact', args, ['billing_*'])).toEqual({
      argKeys: ['id', 'filter', 'note'],
      args: null,
    });
  });

  it('keeps values for tools matching a recordArguments glob, as a copy', () => {
    const got = auditArguments('crm_get_contact', args, ['billing_*', 'crm_*']);
    expect(got).toEqual({ argKeys: ['id', 'filter', 'note'], args });
    expect(got.args).not.toBe(args);
    args.filter.tags.push('b');
    expect(got.args).toEqual({ id: 42, filter: { tags: ['a'] }, note: 'secret-ish' });
    args.filter.tags.pop();
  });

  it('handles calls without arguments', () => {
    expect(auditArguments('crm_get_contact', undefined, ['*'])).toEqual({ argKeys: [], args: null });
    expect(auditArguments('crm_get_contact', {}, ['*'])).toEqual({ argKeys: [], args: {} });
  });

  it('caps the number of argument names', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    expect(auditArguments('t', many, []).argKeys).toHaveLength(MAX_ARG_KEYS);
  });
});

describe('matchesToolGlob', () => {
  it.each([
    ['crm_get_contact', ['*'], true],
    ['crm_get_contact', ['crm_*'], true],
    ['crm_get_contact', ['*_contact'], true],
    ['crm_get_contact', ['crm_*_contact'], true],
    ['crm_get_contact', ['crm_get_contact'], true],
    ['crm_get_contact', ['crm_get'], false],
    ['crm_get_contact', ['CRM_*'], false],
    ['crm.get', ['crm?get', 'crm_get'], false],
    ['crmXget', ['crm.get'], false],
    ['a(b)+c', ['a(b)+*'], true],
    ['anything', [], false],
  ] as const)('%j against %j → %j', (tool, globs, expected) => {
    expect(matchesToolGlob(tool, [...globs])).toBe(expected);
  });
});
