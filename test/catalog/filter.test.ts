import { describe, expect, it } from 'vitest';
import { globMatch, loadOpenApiDocument, openApiToOperations } from '../../src/catalog/index.js';
import type { OpenApiFilter } from '../../src/spec/index.js';
import { FIXTURES, openapiEntry } from './helpers.js';

const filter = (f: Partial<OpenApiFilter>): OpenApiFilter => ({ tags: [], operations: [], paths: [], ...f });

async function names(include?: Partial<OpenApiFilter>, exclude?: Partial<OpenApiFilter>) {
  const doc = await loadOpenApiDocument('flows-3.0.yaml', FIXTURES);
  const entry = openapiEntry('flowhub', 'flows-3.0.yaml', {
    ...(include ? { include: filter(include) } : {}),
    ...(exclude ? { exclude: filter(exclude) } : {}),
  });
  const { operations, warnings } = openApiToOperations(doc, entry);
  return { names: operations.map((o) => o.name), warnings };
}

describe('globMatch', () => {
  it('matches * within a segment and ** across segments', () => {
    expect(globMatch('/flows/*', '/flows/{flow}')).toBe(true);
    expect(globMatch('/flows/*', '/flows/{flow}/runs')).toBe(false);
    expect(globMatch('/flows/**', '/flows/{flow}/runs')).toBe(true);
    expect(globMatch('/flows/**', '/flows')).toBe(true);
    expect(globMatch('/flows/**', '/flowsx')).toBe(false);
    expect(globMatch('/**/runs', '/flows/{flow}/runs')).toBe(true);
    expect(globMatch('/flow?', '/flows')).toBe(true);
  });

  it('treats braces and regex characters literally', () => {
    expect(globMatch('/flows/{flow}', '/flows/{flow}')).toBe(true);
    expect(globMatch('/flows/{flow}', '/flows/flow')).toBe(false);
    expect(globMatch('/a.b', '/axb')).toBe(false);
  });
});

describe('include / exclude', () => {
  it('imports everything without filters', async () => {
    expect((await names()).names).toHaveLength(8);
  });

  it('includes by tag, operation name or path glob (any entry matches)', async () => {
    expect((await names({ tags: ['runs'] })).names).toEqual(['get_flows_flow_runs', 'start_run']);
    expect((await names({ operations: ['getFlow', 'get_flows_flow_runs'] })).names).toEqual([
      'getFlow',
      'get_flows_flow_runs',
    ]);
    expect((await names({ paths: ['/flows/*'] })).names).toEqual(['getFlow', 'put_flows_flow', 'deleteFlow']);
    expect((await names({ tags: ['admin'], paths: ['/flows/*/runs'] })).names).toEqual([
      'get_flows_flow_runs',
      'start_run',
      'resetAll',
    ]);
  });

  it('matches the raw operationId as well as the sanitized name', async () => {
    expect((await names({ operations: ['start run!'] })).names).toEqual(['start_run']);
  });

  it('lets exclude win over include', async () => {
    const { names: got } = await names(
      { tags: ['flows'] },
      { operations: ['deleteFlow'], paths: ['/flows'] },
    );
    expect(got).toEqual(['getFlow', 'put_flows_flow']);
  });

  it('warns about filter entries that matched nothing', async () => {
    const { warnings } = await names({ operations: ['getFlwo'] }, { tags: ['nope'] });
    expect(warnings).toContain('openapi "flowhub": include.operations entry "getFlwo" matched no operation.');
    expect(warnings).toContain('openapi "flowhub": exclude.tags entry "nope" matched no operation.');
  });
});
