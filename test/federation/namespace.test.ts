import { describe, expect, it } from 'vitest';
import { namespacedUri, promptIndex, splitUri } from '../../src/federation/namespace.js';
import { configForTenant, tenantSlug } from '../../src/federation/tenant-config.js';
import { stdioConfig } from './helpers.js';

describe('namespaced resource URIs and prompt names', () => {
  it('round-trips a server URI, URI templates included', () => {
    for (const uri of ['demo://resource/static/1', 'file:///srv/a b.txt', 'ui://widget/{id}', 'x:/y']) {
      const published = namespacedUri('my.server-1', uri);
      expect(published.startsWith('portico:my.server-1/')).toBe(true);
      expect(splitUri(published)).toEqual({ server: 'my.server-1', uri });
    }
    expect(splitUri('demo://resource/static/1')).toBeUndefined();
    expect(splitUri('portico:/x')).toBeUndefined();
  });

  it('fails fast on a prompt name two servers publish, naming both owners', () => {
    expect(() =>
      promptIndex([
        ['a', ['b.x']],
        ['a.b', ['x']],
      ]),
    ).toThrow(/"a\.b\.x" is both prompt "b\.x" of MCP server "a" and prompt "x" of MCP server "a\.b"/);
    expect(promptIndex([['s', ['p']]]).get('s.p')).toEqual({ server: 's', name: 'p' });
  });
});

describe('per-tenant server config', () => {
  it('puts the tenant into args, env and cwd; hashes ids that are not plain tenant ids', () => {
    const base = stdioConfig('mem', {});
    const t = base.transport;
    if (t.kind !== 'stdio') throw new Error('stdio expected');
    const config = {
      ...base,
      transport: {
        ...t,
        args: ['--db', '/data/{tenant.id}.db'],
        env: { FILE: '/m/{tenant.id}.jsonl' },
        cwd: '/w/{tenant.id}',
      },
    };
    const north = configForTenant(config, 'north').transport;
    expect(north).toMatchObject({
      args: ['--db', '/data/north.db'],
      env: { FILE: '/m/north.jsonl' },
      cwd: '/w/north',
    });
    const odd = tenantSlug('../../etc/passwd');
    expect(odd).toMatch(/^t-[0-9a-f]{16}$/);
    expect(configForTenant(config, '../../etc/passwd').transport).toMatchObject({ cwd: `/w/${odd}` });
  });
});
