import { describe, expect, it } from 'vitest';
import { toolName } from '../../src/catalog/index.js';
import { PorticoError } from '../../src/errors/index.js';
import {
  namespacedUri,
  publishedNames,
  type ResourceOwner,
  splitUri,
} from '../../src/federation/namespace.js';
import { configForTenant, tenantSlug } from '../../src/federation/tenant-config.js';
import type { NamingConfig } from '../../src/spec/index.js';
import { stdioConfig } from './helpers.js';

const naming = (over: Partial<NamingConfig> = {}): NamingConfig => ({
  strategy: 'namespaced',
  separator: '.',
  maxLength: 50,
  onCollision: 'fail',
  ...over,
});

/** The error `run` throws (fails the test when it throws none). */
function thrown(run: () => unknown): PorticoError {
  try {
    run();
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('expected a PorticoError');
}

describe('namespaced resource URIs', () => {
  it('round-trips a server URI, URI templates included', () => {
    for (const uri of ['demo://resource/static/1', 'file:///srv/a b.txt', 'ui://widget/{id}', 'x:/y']) {
      const published = namespacedUri('my.server-1', uri);
      expect(published.startsWith('portico:my.server-1/')).toBe(true);
      expect(splitUri(published)).toEqual({ server: 'my.server-1', uri });
    }
    expect(splitUri('demo://resource/static/1')).toBeUndefined();
    expect(splitUri('portico:/x')).toBeUndefined();
  });
});

describe('prompt names follow the naming strategy of tool names', () => {
  const everything = stdioConfig('everything');
  const billing = stdioConfig('billing', { identity: { provider: 'acme', instance: 'eu', env: 'prod' } });

  it('namespaced (default): provider and instance joined with the separator, as tools are', () => {
    expect(publishedNames(naming()).prompt(everything, 'args-prompt')).toBe('everything.args-prompt');
    expect(publishedNames(naming({ separator: '__' })).prompt(billing, 'summary')).toBe('acme__eu__summary');
  });

  it("flat: the server's own prompt name", () => {
    const names = publishedNames(naming({ strategy: 'flat' }));
    expect(names.prompt(everything, 'test_simple_prompt')).toBe('test_simple_prompt');
    expect(names.flat).toBe(true);
  });

  it('template: naming.template rendered', () => {
    const names = publishedNames(
      naming({ strategy: 'template', template: '{env}{sep}{system}{sep}{name}', separator: '-' }),
    );
    expect(names.prompt(billing, 'summary')).toBe('prod-billing-summary');
  });

  it('is the very function that names tools (sanitized and capped alike)', () => {
    const long = 'p'.repeat(80);
    for (const n of [
      naming(),
      naming({ strategy: 'flat', maxLength: 20 }),
      naming({ strategy: 'template', template: '{name}@{system}' }),
    ]) {
      for (const name of ['with space', long]) {
        expect(publishedNames(n).prompt(billing, name)).toBe(
          toolName({ owner: 'billing', baseName: name, identity: billing.identity, label: '' }, n),
        );
      }
    }
  });

  it('fails fast on a prompt name two servers publish, naming both owners', () => {
    const a = stdioConfig('a');
    const ab = stdioConfig('a.b');
    const err = thrown(() =>
      publishedNames(naming()).promptIndex([
        [a, ['b.x']],
        [ab, ['x']],
      ]),
    );
    expect(err.code).toBe('config_invalid');
    expect(err.message).toMatch(
      /"a\.b\.x" is both prompt "b\.x" of MCP server "a" and prompt "x" of MCP server "a\.b"/,
    );
    expect(err.details).toMatchObject({ prompt: 'a.b.x', owners: ['a', 'a.b'] });

    const flat = thrown(() =>
      publishedNames(naming({ strategy: 'flat' })).promptIndex([
        [stdioConfig('one'), ['greet']],
        [stdioConfig('two'), ['greet']],
      ]),
    );
    expect(flat.message).toMatch(
      /"greet" is both prompt "greet" of MCP server "one" and prompt "greet" of MCP server "two"/,
    );
    expect(flat.message).toMatch(/naming\.strategy: namespaced/);
    expect(flat.details).toMatchObject({ prompt: 'greet', owners: ['one', 'two'] });
  });

  it('indexes published names to their owner and own name', () => {
    const index = publishedNames(naming()).promptIndex([[stdioConfig('s'), ['p']]]);
    expect(index.get('s.p')).toEqual({ server: 's', name: 'p' });
    const flat = publishedNames(naming({ strategy: 'flat' })).promptIndex([
      [stdioConfig('s'), ['p']],
      [stdioConfig('t'), ['q']],
    ]);
    expect(flat.get('q')).toEqual({ server: 't', name: 'q' });
  });
});

describe('resource URIs per strategy, and the resolver', () => {
  const owners: ResourceOwner[] = [
    {
      server: 'everything',
      uris: ['demo://resource/static/document/architecture.md'],
      templates: ['demo://resource/dynamic/text/{resourceId}'],
    },
    { server: 'files', uris: ['file:///srv/readme.md'], templates: ['file://{+path}'] },
    { server: 'memory', uris: [], templates: [] },
  ];

  for (const strategy of ['namespaced', 'template'] as const) {
    it(`${strategy}: portico:<server>/<uri>, resolved by its server part`, () => {
      const names = publishedNames(naming({ strategy, template: '{system}_{name}' }));
      expect(names.uri('everything', 'demo://x')).toBe('portico:everything/demo://x');
      expect(names.resolveUri('portico:files/file:///a', owners)).toEqual({
        server: 'files',
        name: 'file:///a',
      });
      for (const bad of ['file:///a', 'portico:nobody/file:///a']) {
        const err = thrown(() => names.resolveUri(bad, owners));
        expect(err.code).toBe('not_found');
        expect(err.message).toContain(`Unknown resource "${bad}"`);
        expect(err.message).toContain('portico:<server>/<uri>');
      }
      names.checkUris([...owners, { server: 'other', uris: owners[0]!.uris, templates: [] }]);
    });
  }

  describe('flat', () => {
    const names = publishedNames(naming({ strategy: 'flat' }));

    it("publishes the server's own URI", () => {
      expect(names.uri('everything', 'demo://x')).toBe('demo://x');
    });

    it('resolves a listed URI or template text to its server', () => {
      expect(names.resolveUri('demo://resource/static/document/architecture.md', owners)).toEqual({
        server: 'everything',
        name: 'demo://resource/static/document/architecture.md',
      });
      expect(names.resolveUri('file://{+path}', owners)).toEqual({ server: 'files', name: 'file://{+path}' });
    });

    it('resolves a URI by the one template matching it ({x} one segment, {+x} anything)', () => {
      expect(names.resolveUri('demo://resource/dynamic/text/7', owners).server).toBe('everything');
      expect(names.resolveUri('file:///srv/deep/dir/a.txt', owners).server).toBe('files');
    });

    it('several templates matching: not_found naming the servers', () => {
      const both: ResourceOwner[] = [
        { server: 'a', uris: [], templates: ['x://{id}'] },
        { server: 'b', uris: [], templates: ['x://{+rest}'] },
      ];
      const err = thrown(() => names.resolveUri('x://1', both));
      expect(err.code).toBe('not_found');
      expect(err.message).toMatch(
        /Unknown resource "x:\/\/1": the URI templates of MCP servers "a", "b" all match it/,
      );
      expect(err.details).toMatchObject({ owners: ['a', 'b'] });
    });

    it('nothing matching: the only server offering resources takes it (resources made at run time)', () => {
      const one: ResourceOwner[] = [owners[0]!, owners[2]!];
      expect(names.resolveUri('demo://resource/session/hi.gz', one)).toEqual({
        server: 'everything',
        name: 'demo://resource/session/hi.gz',
      });
    });

    it('nothing matching and several (or no) servers offering resources: not_found saying what to do', () => {
      const err = thrown(() => names.resolveUri('demo://resource/session/hi.gz', owners));
      expect(err.code).toBe('not_found');
      expect(err.message).toContain('Unknown resource "demo://resource/session/hi.gz"');
      expect(err.message).toContain('"everything", "files"');
      expect(err.message).toContain('resources/list');
      const none = thrown(() => names.resolveUri('a://b', [owners[2]!], 'resource template'));
      expect(none.message).toMatch(
        /^Unknown resource template "a:\/\/b": no federated MCP server offers resources/,
      );
    });

    it('fails fast on a URI or URI template two servers publish, naming both owners', () => {
      const uri = thrown(() =>
        names.checkUris([owners[0]!, { server: 'twin', uris: [owners[0]!.uris[0]!], templates: [] }]),
      );
      expect(uri.code).toBe('config_invalid');
      expect(uri.message).toMatch(
        /^Resource URI collision: "demo:\/\/resource\/static\/document\/architecture\.md" is both resource .* of MCP server "everything" and resource .* of MCP server "twin"/,
      );
      expect(uri.details).toMatchObject({ owners: ['everything', 'twin'] });
      const template = thrown(() =>
        names.checkUris([owners[1]!, { server: 'twin', uris: [], templates: ['file://{+path}'] }]),
      );
      expect(template.message).toMatch(/^Resource URI template collision: "file:\/\/\{\+path\}"/);
      expect(template.details).toMatchObject({ uri: 'file://{+path}', owners: ['files', 'twin'] });
      const read = thrown(() =>
        names.resolveUri(owners[0]!.uris[0]!, [
          owners[0]!,
          { server: 'twin', uris: owners[0]!.uris, templates: [] },
        ]),
      );
      expect(read.code).toBe('config_invalid');
      names.checkUris(owners);
    });
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
