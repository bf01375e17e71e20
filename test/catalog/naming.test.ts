import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assignToolNames,
  capToolName,
  fullToolName,
  type NameSubject,
  sanitizeToolName,
  TOOL_NAME_PATTERN,
  toolName,
} from '../../src/catalog/index.js';
import { buildError, naming } from './helpers.js';

function subject(owner: string, baseName: string, extra: Partial<NameSubject> = {}): NameSubject {
  return {
    owner,
    baseName,
    identity: { provider: owner },
    label: `system "${owner}" operation "${baseName}"`,
    source: { file: '/cfg/portico.yaml', line: 10 },
    ...extra,
  };
}

const entra = subject('entra_contoso', 'account.get_by_id', {
  identity: { provider: 'entra', instance: 'cont', env: 'prod' },
});
const flowhub = subject('flowhub', 'list_flows');

describe('fullToolName', () => {
  it('namespaced: provider, instance (when declared) and the base name, joined by the separator', () => {
    expect(fullToolName(entra, naming())).toBe('entra.cont.account.get_by_id');
    expect(fullToolName(flowhub, naming())).toBe('flowhub.list_flows');
    expect(fullToolName(entra, naming({ separator: '__' }))).toBe('entra__cont__account.get_by_id');
    expect(fullToolName(flowhub, naming({ separator: '_' }))).toBe('flowhub_list_flows');
  });

  it('flat: the base name as is, whatever the separator', () => {
    expect(fullToolName(entra, naming({ strategy: 'flat', separator: '__' }))).toBe('account.get_by_id');
  });

  it('template: fills every placeholder', () => {
    const all = naming({
      strategy: 'template',
      template: '{env}-{provider}{sep}{instance}{sep}{system}{sep}{name}',
    });
    expect(fullToolName(entra, all)).toBe('prod-entra.cont.entra_contoso.account.get_by_id');
    const literal = naming({ strategy: 'template', template: 'api_{provider}_{name}' });
    expect(fullToolName(flowhub, literal)).toBe('api_flowhub_list_flows');
  });

  it('template: drops an empty placeholder with one adjacent separator', () => {
    const t = (template: string) => fullToolName(flowhub, naming({ strategy: 'template', template }));
    // flowhub has neither instance nor env.
    expect(t('{provider}{sep}{instance}{sep}{name}')).toBe('flowhub.list_flows');
    expect(t('{instance}{sep}{provider}{sep}{name}')).toBe('flowhub.list_flows');
    expect(t('{provider}{sep}{name}{sep}{env}')).toBe('flowhub.list_flows');
    expect(t('{provider}{sep}{instance}{sep}{env}{sep}{name}')).toBe('flowhub.list_flows');
    expect(t('{provider}-{instance}_{name}')).toBe('flowhub-list_flows');
    expect(t('{env}__{name}')).toBe('list_flows');
  });

  it('template: an omitted template falls back to the namespaced form', () => {
    expect(fullToolName(entra, naming({ strategy: 'template' }))).toBe('entra.cont.account.get_by_id');
  });

  it('sanitizes characters outside A-Z a-z 0-9 _ . -', () => {
    const remote = subject('github', 'search repos/by:name', { identity: { provider: 'git hub' } });
    expect(fullToolName(remote, naming())).toBe('git_hub.search_repos_by_name');
    expect(sanitizeToolName('')).toBe('_');
    expect(sanitizeToolName('ünï')).toBe('_n_');
  });
});

describe('capToolName', () => {
  const full = `entra.cont.${'account_'.repeat(6)}get_by_id`;

  it('shortens a long name to exactly max_length: the cut name, "_" and 8 hex chars of its SHA-256', () => {
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
    expect(hash).toBe('ad8a51a5');
    const capped = capToolName(full, 50);
    expect(capped).toBe(`${full.slice(0, 41)}_ad8a51a5`);
    expect(capped).toHaveLength(50);
    expect(capToolName(full, 16)).toBe('entra.c_ad8a51a5');
    expect(capToolName(full, full.length)).toBe(full);
  });

  it('is stable and distinguishes names that share the kept prefix', () => {
    expect(capToolName(full, 50)).toBe(capToolName(`${full}`, 50));
    const other = `${full.slice(0, -1)}x`;
    expect(capToolName(other, 50).slice(0, 41)).toBe(capToolName(full, 50).slice(0, 41));
    expect(capToolName(other, 50)).not.toBe(capToolName(full, 50));
  });

  it('toolName applies the cap of the naming config', () => {
    const long = subject('s', 'x'.repeat(60), { identity: { provider: 'p' } });
    const name = toolName(long, naming({ maxLength: 20 }));
    expect(name).toHaveLength(20);
    expect(name).toMatch(/^p\.xxxxxxxxx_[0-9a-f]{8}$/);
  });
});

describe('assignToolNames', () => {
  it('returns the names in input order, each valid for MCP clients', () => {
    const { names, warnings } = assignToolNames([entra, flowhub], naming());
    expect(names).toEqual(['entra.cont.account.get_by_id', 'flowhub.list_flows']);
    expect(warnings).toEqual([]);
    for (const n of names) expect(n).toMatch(TOOL_NAME_PATTERN);
  });

  it('fails on two owners producing the same name, naming both (sorted by system, then operation)', () => {
    const a = subject('billing', 'get', { source: { file: '/cfg/portico.yaml', line: 12 } });
    const b = subject('accounts', 'get', {
      identity: { provider: 'billing' },
      source: { file: '/cfg/portico.yaml', line: 30 },
    });
    const err = buildError(() => assignToolNames([a, b], naming()));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toBe(
      'Duplicate tool name "billing.get": system "accounts" operation "get" (/cfg/portico.yaml:30) and ' +
        'system "billing" operation "get" (/cfg/portico.yaml:12); rename or exclude one of them, give the ' +
        'systems distinct identities, or set naming.on_collision: suffix.',
    );
    expect(err.details).toMatchObject({
      tool: 'billing.get',
      owners: [
        { owner: 'accounts', name: 'get' },
        { owner: 'billing', name: 'get' },
      ],
    });
    const flat = buildError(() => assignToolNames([a, b], naming({ strategy: 'flat' })));
    expect(flat.message).toContain('set naming.strategy: namespaced');
  });

  it('fails when two different names shorten to the same string, naming both owners', () => {
    const long = subject('a', 'x'.repeat(60));
    const short = subject('b', capToolName('x'.repeat(60), 50));
    const err = buildError(() => assignToolNames([short, long], naming({ strategy: 'flat' })));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toMatch(/^Duplicate tool name after shortening: .*system "a".* and .*system "b"/);
    expect(err.details).toMatchObject({
      tool: capToolName('x'.repeat(60), 50),
      owners: [
        { owner: 'a', name: 'x'.repeat(60) },
        { owner: 'b', name: capToolName('x'.repeat(60), 50) },
      ],
    });
  });

  it('fails after capping with namespaced names too', () => {
    const long = subject('a', 'x'.repeat(60), { identity: { provider: 'p' } });
    const capped = capToolName(`p.${'x'.repeat(60)}`, 50);
    const short = subject('b', capped.slice(2), {
      identity: { provider: 'p' },
      source: { file: '/cfg/portico.yaml', line: 44 },
    });
    expect(fullToolName(short, naming())).toBe(capped);
    const err = buildError(() => assignToolNames([short, long], naming()));
    expect(err.message).toBe(
      `Duplicate tool name after shortening: "p.${'x'.repeat(60)}" (system "a" operation "${'x'.repeat(60)}" ` +
        `(/cfg/portico.yaml:10)) and "${capped}" (system "b" operation "${capped.slice(2)}" ` +
        `(/cfg/portico.yaml:44)) both become "${capped}" within naming.max_length 50; raise ` +
        'naming.max_length, rename one of them, or set naming.on_collision: suffix.',
    );
  });

  it('suffix: deterministic _2, _3 in system/operation order whatever the input order, with warnings', () => {
    const subjects = [
      subject('c', 'get', { identity: { provider: 'x' } }),
      subject('a', 'get', { identity: { provider: 'x' } }),
      subject('b', 'get', { identity: { provider: 'x' } }),
      subject('d', 'get_2', { identity: { provider: 'x' } }),
    ];
    const policy = naming({ onCollision: 'suffix' });
    const forward = assignToolNames(subjects, policy);
    const byOwner = (r: { names: string[] }, list: NameSubject[]) =>
      Object.fromEntries(list.map((s, i) => [s.owner, r.names[i]]));
    // `x.get_2` is taken by d, so b gets _3 and c _4.
    expect(byOwner(forward, subjects)).toEqual({ a: 'x.get', b: 'x.get_3', c: 'x.get_4', d: 'x.get_2' });
    const reversed = [...subjects].reverse();
    const backward = assignToolNames(reversed, policy);
    expect(byOwner(backward, reversed)).toEqual(byOwner(forward, subjects));
    expect(backward.warnings).toEqual(forward.warnings);
    expect(forward.warnings).toEqual([
      'naming: system "a" operation "get" (/cfg/portico.yaml:10) and system "b" operation "get" ' +
        '(/cfg/portico.yaml:10) both produce the tool name "x.get"; the second is published as "x.get_3" ' +
        '(naming.on_collision: suffix).',
      'naming: system "a" operation "get" (/cfg/portico.yaml:10) and system "c" operation "get" ' +
        '(/cfg/portico.yaml:10) both produce the tool name "x.get"; the second is published as "x.get_4" ' +
        '(naming.on_collision: suffix).',
    ]);
  });

  it('suffix: suffixed names respect max_length', () => {
    const base = 'y'.repeat(48);
    const subjects = [subject('a', base), subject('b', base)];
    const { names, warnings } = assignToolNames(
      subjects,
      naming({ strategy: 'flat', onCollision: 'suffix' }),
    );
    expect(names[0]).toBe(base);
    expect(names[1]).toHaveLength(50);
    expect(names[1]).toBe(`${base}_2`);
    const longer = [subject('a', 'z'.repeat(50)), subject('b', 'z'.repeat(50))];
    const capped = assignToolNames(longer, naming({ strategy: 'flat', onCollision: 'suffix' }));
    expect(capped.names[0]).toBe('z'.repeat(50));
    expect(capped.names[1]).toHaveLength(50);
    expect(capped.names[1]).toBe(capToolName(`${'z'.repeat(50)}_2`, 50));
    expect(capped.warnings[0]).toContain(`the second is published as "${capped.names[1]}"`);
    expect(warnings).toHaveLength(1);
  });

  it('suffix: settles a collision created by the cap, within max_length', () => {
    const long = subject('a', 'x'.repeat(60), { identity: { provider: 'p' } });
    const capped = capToolName(`p.${'x'.repeat(60)}`, 50);
    const short = subject('b', capped.slice(2), { identity: { provider: 'p' } });
    const { names, warnings } = assignToolNames([short, long], naming({ onCollision: 'suffix' }));
    expect(names).toEqual([`${capped.slice(0, 48)}_2`, capped]);
    expect(warnings).toEqual([
      `naming: "p.${'x'.repeat(60)}" (system "a" operation "${'x'.repeat(60)}" (/cfg/portico.yaml:10)) and ` +
        `"${capped}" (system "b" operation "${capped.slice(2)}" (/cfg/portico.yaml:10)) both become ` +
        `"${capped}" within naming.max_length 50; the second is published as "${capped.slice(0, 48)}_2" ` +
        '(naming.on_collision: suffix).',
    ]);
  });
});
