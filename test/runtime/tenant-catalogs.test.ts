// The runtime's tenant catalogues over the real config loader and catalogue builder: built from the
// serving sources with a tenant's own tools, kept while they hold, bounded, and the shared
// catalogue serving a tenant whose own one cannot be built.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RemoteToolInfo } from '../../src/catalog/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { buildServing, type LoadedSources, loadSources } from '../../src/runtime/load-catalog.js';
import { TenantCatalogs } from '../../src/runtime/tenant-catalogs.js';

const tool = (name: string): RemoteToolInfo => ({ name, inputSchema: { type: 'object' } });
const LISTING = new Map([
  ['a', [tool('x')]],
  ['b', [tool('y')]],
]);

describe('TenantCatalogs', () => {
  let sources: LoadedSources;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-tenant-catalogs-')), 'portico.yaml');
    writeFileSync(
      file,
      [
        'naming: { strategy: flat }',
        'mcp_servers:',
        '  a: { url: "http://127.0.0.1:9/mcp" }',
        '  b: { url: "http://127.0.0.1:9/mcp" }',
        '',
      ].join('\n'),
    );
    sources = await loadSources(file, {});
  });

  const catalogs = (overlays: Record<string, Record<string, RemoteToolInfo[]>>, max?: number) => {
    const built: string[] = [];
    const tenants = new TenantCatalogs({
      overlay: (id) => (overlays[id] === undefined ? undefined : new Map(Object.entries(overlays[id]))),
      federated: () => LISTING,
      build: (federated) => {
        built.push(
          [...federated.values()]
            .flat()
            .map((t) => t.name)
            .join(','),
        );
        return buildServing(sources, federated);
      },
      logger: silentLogger(),
      ...(max !== undefined ? { max } : {}),
    });
    return { tenants, built };
  };
  const names = (s: ReturnType<TenantCatalogs['serving']>) => s?.catalog.tools.map((t) => t.name);

  it('serves a tenant without its own tools the shared catalogue, building nothing', () => {
    const { tenants, built } = catalogs({});
    expect(tenants.serving('t1')).toBeUndefined();
    expect(built).toEqual([]);
  });

  it("builds a tenant's catalogue once with its servers' tools replaced, until invalidated", () => {
    const { tenants, built } = catalogs({ t1: { b: [tool('y'), tool('z')] } });
    expect(names(tenants.serving('t1'))).toEqual(['x', 'y', 'z']);
    expect(tenants.serving('t1')).toBe(tenants.serving('t1'));
    expect(built).toEqual(['x,y,z']);
    tenants.invalidate('t1');
    tenants.serving('t1');
    tenants.clear();
    tenants.serving('t1');
    expect(built).toHaveLength(3);
  });

  it('keeps at most max tenants, dropping the least recently used', () => {
    const own = { b: [tool('z')] };
    const { tenants, built } = catalogs({ t1: own, t2: own, t3: own }, 2);
    tenants.serving('t1');
    tenants.serving('t2');
    tenants.serving('t1');
    tenants.serving('t3'); // drops t2
    expect(built).toHaveLength(3);
    tenants.serving('t1');
    expect(built).toHaveLength(3);
    tenants.serving('t2');
    expect(built).toHaveLength(4);
  });

  it('serves the shared catalogue when the tenant’s own tools collide, and does not retry the build', () => {
    const { tenants, built } = catalogs({ t1: { b: [tool('x')] } });
    expect(tenants.serving('t1')).toBeUndefined();
    expect(tenants.serving('t1')).toBeUndefined();
    expect(built).toHaveLength(1);
  });
});
