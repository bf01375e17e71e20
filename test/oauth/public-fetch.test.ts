import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientRegistry } from '../../src/oauth/index.js';
import { isPublicAddress } from '../../src/oauth/public-fetch.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

describe('client metadata documents are never fetched from private addresses (SSRF)', () => {
  it('classifies addresses', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(a), a).toBe(true);
    }
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  let store: Store;
  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterAll(async () => {
    await store.close();
  });

  it('refuses https metadata URLs on private IP literals and on names resolving to them', async () => {
    const registry = new ClientRegistry({ store, allowInsecureMetadata: false });
    for (const url of [
      'https://127.0.0.1/client.json',
      'https://[::1]/client.json',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost:9/client.json',
    ]) {
      await expect(registry.resolve(url), url).rejects.toThrow(/not a public address/);
    }
  });
});
