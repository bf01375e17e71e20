import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientRegistry, SigningKeys } from '../../src/oauth/index.js';
import { sessionSecret } from '../../src/runtime/session-secret.js';
import { SecretBox } from '../../src/secrets/index.js';
import { openPostgresStore, type Store } from '../../src/store/index.js';
import { clusterSkipReason, createTestDatabase, type TestDatabase } from '../support/services.js';

const skip = await clusterSkipReason();

describe.skipIf(skip !== undefined)('signing state shared by replicas on one PostgreSQL', () => {
  let db: TestDatabase;
  let stores: Store[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: db.url, poolSize: 2 })));
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
  });

  it('replicas starting together agree on one OAuth signing key: a token minted by one verifies on the others', async () => {
    const box = new SecretBox(randomBytes(32));
    const keys = await Promise.all(stores.map((s) => SigningKeys.load(s, box)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    const token = await keys[0]!.sign({
      sub: 'usr_1',
      aud: 'https://mcp.example.com/mcp',
      iss: 'https://mcp.example.com',
    });
    for (const k of keys.slice(1)) {
      const { payload } = await jwtVerify(token, k.publicKey, { audience: 'https://mcp.example.com/mcp' });
      expect(payload.sub).toBe('usr_1');
    }
    // The stored private key is sealed: its JSON holds no private JWK member in clear.
    const stored = await stores[0]!.getSetting('oauth_signing_key');
    expect(stored).not.toMatch(/"d"\s*:/);
  });

  it('replicas starting together agree on one session-id secret', async () => {
    const secrets = await Promise.all(stores.map((s) => sessionSecret(s)));
    expect(new Set(secrets.map((s) => s.toString('hex'))).size).toBe(1);
    expect(secrets[0]).toHaveLength(32);
  });

  it('a client metadata document fetched by one replica is reused by the others', async () => {
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ client_id: url, client_name: 'Shared', redirect_uris: ['http://127.0.0.1:9/cb'] }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client.json`;
    try {
      const registries = stores.map((store) => new ClientRegistry({ store, allowInsecureMetadata: true }));
      const first = await registries[0]!.resolve(url);
      expect(first?.name).toBe('Shared');
      for (const r of registries.slice(1)) expect(await r.resolve(url)).toEqual(first);
      expect(fetches).toBe(1);
    } finally {
      server.close();
    }
  });
});
