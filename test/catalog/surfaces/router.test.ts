import { describe, expect, it } from 'vitest';
import type { PublishedTool } from '../../../src/catalog/index.js';
import { buildRouterSurface, type RouterRoute, routeRouter } from '../../../src/catalog/surfaces/index.js';
import { mcpTool, names, OPTS, params, READ, WRITE } from './helpers.js';

const entraCont = mcpTool('entra.cont.account.get_by_id', {
  owner: 'entra_contoso',
  baseName: 'account.get_by_id',
  identity: { provider: 'entra', instance: 'cont', instanceLabel: 'Contoso' },
  description: 'Get an account by id.',
  inputSchema: params('id!'),
});
const entraAv = mcpTool('entra.av.account.get_by_id', {
  owner: 'entra_av',
  baseName: 'account.get_by_id',
  identity: { provider: 'entra', instance: 'av' },
  inputSchema: params('id!'),
});
const ldap = mcpTool('ldap.account.get_by_id', {
  owner: 'ldap',
  baseName: 'account.get_by_id',
  identity: { provider: 'ldap' },
  inputSchema: params('id!', 'attributes'),
  annotations: { ...READ, openWorld: true },
});
const ldapList = mcpTool('ldap.account.list', {
  owner: 'ldap',
  baseName: 'account.list',
  inputSchema: params(),
});

function router(tools = [entraAv, entraCont, ldap], opts = OPTS): PublishedTool {
  const out = buildRouterSurface(tools, opts);
  expect(out.warnings).toEqual([]);
  return out.tools[0]!;
}

function route(p: PublishedTool): RouterRoute {
  if (p.route.kind !== 'router') throw new Error(`not a router: ${p.route.kind}`);
  return p.route;
}

describe('router surface', () => {
  it('publishes one tool per base name, named after it', () => {
    const out = buildRouterSurface([entraAv, entraCont, ldapList, ldap], OPTS);
    expect(names(out.tools)).toEqual(['account.get_by_id', 'account.list']);
    expect(route(out.tools[0]!).branches).toEqual([
      { provider: 'entra', instance: 'av', tool: entraAv },
      { provider: 'entra', instance: 'cont', tool: entraCont },
      { provider: 'ldap', tool: ldap },
    ]);
  });

  it('avoids dots in the name when the naming separator has none', () => {
    const out = buildRouterSurface([entraCont, ldap], { ...OPTS, separator: '_' });
    expect(names(out.tools)).toEqual(['account_get_by_id']);
  });

  it('builds a oneOf of closed branches, with instance only for a provider with several', () => {
    const schema = router().inputSchema;
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['provider']);
    expect(schema.properties).toEqual({
      provider: { type: 'string', enum: ['entra', 'ldap'], description: 'Where to run it.' },
      instance: {
        type: 'string',
        enum: ['av', 'cont'],
        description: 'Which instance of entra (required for those providers).',
      },
    });
    const id = { type: 'string', description: 'The id.' };
    expect(schema.oneOf).toEqual([
      {
        type: 'object',
        properties: { provider: { const: 'entra' }, instance: { const: 'av' }, id },
        required: ['provider', 'instance', 'id'],
        additionalProperties: false,
      },
      {
        type: 'object',
        properties: { provider: { const: 'entra' }, instance: { const: 'cont' }, id },
        required: ['provider', 'instance', 'id'],
        additionalProperties: false,
      },
      {
        type: 'object',
        properties: {
          provider: { const: 'ldap' },
          id,
          attributes: { type: 'string', description: 'The attributes.' },
        },
        required: ['provider', 'id'],
        additionalProperties: false,
      },
    ]);
  });

  it('leaves instance out when every provider has one branch', () => {
    const schema = router([entraCont, ldap]).inputSchema;
    expect(Object.keys(schema.properties as object)).toEqual(['provider']);
    const branches = schema.oneOf as { properties: object; required: string[] }[];
    expect(branches.map((b) => b.required)).toEqual([
      ['provider', 'id'],
      ['provider', 'id'],
    ]);
  });

  it('describes the providers and instances (with labels) before the description', () => {
    expect(router().description).toBe(
      'Available on entra (instances: av, cont (Contoso)), ldap. Set "provider" (and "instance" for a provider ' +
        "with several instances) to choose where it runs; the other arguments are that provider's parameters.\n" +
        'Does account.get_by_id.',
    );
    expect(router([entraCont, ldap]).description.split('\n')[0]).toBe(
      'Available on entra, ldap. Set "provider" to choose where it runs; the other arguments are that ' +
        "provider's parameters.",
    );
  });

  it('combines annotations over the branches', () => {
    const write = mcpTool('x.account.get_by_id', {
      owner: 'x',
      baseName: 'account.get_by_id',
      annotations: WRITE,
      inputSchema: params('id!'),
    });
    expect(router([entraCont, ldap]).annotations).toEqual({ ...READ, openWorld: true });
    expect(router([entraCont, write]).annotations).toEqual({
      readOnly: false,
      destructive: false,
      idempotent: false,
      openWorld: false,
    });
  });

  it('publishes a second tool for the same provider and instance under its own name, with a warning', () => {
    const twin = mcpTool('entra.cont2.account.get_by_id', {
      owner: 'entra_contoso_2',
      baseName: 'account.get_by_id',
      identity: { provider: 'entra', instance: 'cont' },
      inputSchema: params('id!'),
    });
    const out = buildRouterSurface([entraCont, twin, ldap], OPTS);
    expect(names(out.tools)).toEqual(['account.get_by_id', 'entra.cont2.account.get_by_id']);
    expect(out.tools[1]!.route).toEqual({ kind: 'direct', tool: twin });
    expect(out.warnings).toEqual([
      'tool "entra.cont2.account.get_by_id" cannot join router tool "account.get_by_id" ' +
        '("entra.cont.account.get_by_id" already runs "account.get_by_id" on provider "entra" instance "cont"); ' +
        'published as is.',
    ]);
  });

  it('publishes as is a tool with its own provider or instance parameter', () => {
    const own = mcpTool('y.account.get_by_id', {
      owner: 'y',
      baseName: 'account.get_by_id',
      inputSchema: params('provider'),
    });
    const out = buildRouterSurface([entraCont, own], OPTS);
    expect(names(out.tools)).toEqual(['account.get_by_id', 'y.account.get_by_id']);
    expect(out.warnings[0]).toContain('(it has its own "provider" or "instance" parameter)');
  });

  it('publishes as is a tool whose schema cannot be merged', () => {
    const odd = mcpTool('z.account.get_by_id', {
      owner: 'z',
      baseName: 'account.get_by_id',
      inputSchema: { $ref: '#/$defs/X' },
    });
    const out = buildRouterSurface([odd], OPTS);
    expect(names(out.tools)).toEqual(['z.account.get_by_id']);
    expect(out.warnings[0]).toContain('(its input schema uses "$ref" at the root)');
  });
});

describe('routeRouter', () => {
  const r = route(router());

  it('routes to the chosen provider and instance without the discriminators', () => {
    expect(routeRouter(r, { provider: 'entra', instance: 'cont', id: '42' })).toEqual({
      ok: true,
      tool: entraCont,
      args: { id: '42' },
    });
    expect(routeRouter(r, { provider: 'ldap', id: '42', attributes: 'cn' })).toEqual({
      ok: true,
      tool: ldap,
      args: { id: '42', attributes: 'cn' },
    });
  });

  it('accepts the instance of a single-instance provider, and rejects another one', () => {
    const single = route(router([entraCont, ldap]));
    expect(routeRouter(single, { provider: 'entra', id: '1' })).toMatchObject({ ok: true, tool: entraCont });
    expect(routeRouter(single, { provider: 'entra', instance: 'cont', id: '1' })).toMatchObject({
      ok: true,
      args: { id: '1' },
    });
    expect(routeRouter(single, { provider: 'entra', instance: 'av', id: '1' })).toEqual({
      ok: false,
      message: 'unknown instance "av" of provider "entra" — valid instances: cont.',
    });
    expect(routeRouter(single, { provider: 'ldap', instance: 'x', id: '1' })).toEqual({
      ok: false,
      message: 'provider "ldap" has no instances; leave "instance" out.',
    });
  });

  it('rejects a missing provider, naming the valid ones', () => {
    expect(routeRouter(r, { id: '1' })).toEqual({
      ok: false,
      message: 'missing "provider": set it to one of: entra, ldap.',
    });
  });

  it('rejects an unknown provider, naming the valid ones and suggesting a close one', () => {
    expect(routeRouter(r, { provider: 'entr', id: '1' })).toEqual({
      ok: false,
      message: 'unknown provider "entr" — valid providers: entra, ldap. Did you mean "entra"?',
    });
    expect(routeRouter(r, { provider: 7 })).toEqual({
      ok: false,
      message: 'unknown provider 7 — valid providers: entra, ldap.',
    });
  });

  it('requires the instance of a provider with several, listing them', () => {
    expect(routeRouter(r, { provider: 'entra', id: '1' })).toEqual({
      ok: false,
      message: 'provider "entra" has several instances: set "instance" to one of: av, cont.',
    });
  });

  it('rejects an unknown instance, listing the valid ones', () => {
    expect(routeRouter(r, { provider: 'entra', instance: 'con', id: '1' })).toEqual({
      ok: false,
      message: 'unknown instance "con" of provider "entra" — valid instances: av, cont. Did you mean "cont"?',
    });
  });

  it('picks the branch without instance when the instance is left out', () => {
    const bare = mcpTool('entra.account.get_by_id', {
      owner: 'entra',
      baseName: 'account.get_by_id',
      identity: { provider: 'entra' },
      inputSchema: params('id!'),
    });
    const mixed = route(router([bare, entraCont]));
    expect(routeRouter(mixed, { provider: 'entra', id: '1' })).toMatchObject({ ok: true, tool: bare });
    expect(routeRouter(mixed, { provider: 'entra', instance: 'cont', id: '1' })).toMatchObject({
      ok: true,
      tool: entraCont,
    });
  });

  it("rejects arguments that are not the branch's parameters", () => {
    expect(routeRouter(r, { provider: 'entra', instance: 'av', id: '1', attributes: 'cn' })).toEqual({
      ok: false,
      message:
        'argument "attributes" does not belong to provider "entra" instance "av"; its parameters are: id (required).',
    });
  });
});
