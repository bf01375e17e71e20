import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { auditContract } from './contract-audit.js';
import { oauthContract } from './contract-oauth.js';
import { tenancyContract } from './contract-tenancy.js';

/** The Store contract: every implementation runs this same suite. */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('migrates idempotently', async () => {
      await store.migrate();
      await store.migrate();
      expect(await store.ping()).toBe(true);
    });

    it('records catalogue revisions, newest first', async () => {
      const a = await store.recordCatalogRevision({
        configFile: '/x/portico.yaml',
        configHash: 'aa',
        toolCount: 3,
      });
      const b = await store.recordCatalogRevision({
        configFile: '/x/portico.yaml',
        configHash: 'bb',
        toolCount: 4,
      });
      expect(b.id).toBeGreaterThan(a.id);
      const list = await store.listCatalogRevisions(10);
      expect(list.map((r) => r.configHash).slice(0, 2)).toEqual(['bb', 'aa']);
      expect(list[0]!.toolCount).toBe(4);
      expect(list[0]!.loadedAt).toBeInstanceOf(Date);
      expect(await store.listCatalogRevisions(1)).toHaveLength(1);
    });

    it('reads, writes and overwrites settings', async () => {
      expect(await store.getSetting('missing')).toBeUndefined();
      await store.setSetting('instance_id', 'one');
      await store.setSetting('instance_id', 'two');
      expect(await store.getSetting('instance_id')).toBe('two');
    });

    it('sets a setting only when absent and returns the stored value', async () => {
      expect(await store.setSettingIfAbsent('secret', 'first')).toBe('first');
      expect(await store.setSettingIfAbsent('secret', 'second')).toBe('first');
      expect(await store.getSetting('secret')).toBe('first');
    });

    tenancyContract(() => store);
    auditContract(() => store);
    oauthContract(() => store);
  });
}
