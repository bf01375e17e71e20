import { randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeys } from '../../src/oauth/index.js';
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
});
