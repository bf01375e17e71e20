import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../src/auth/index.js';
import { openPostgresStore, type Store } from '../../src/store/index.js';
import { clusterSkipReason, createTestDatabase, type TestDatabase } from '../support/services.js';

const skip = await clusterSkipReason();

describe.skipIf(skip !== undefined)('revocation across replicas on one PostgreSQL database', () => {
  let db: TestDatabase;
  const stores: Store[] = [];
  let a: AccessService;
  let b: AccessService;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Two replicas' stores and token services on the same database.
    for (let i = 0; i < 2; i++) stores.push(await openPostgresStore({ url: db.url, poolSize: 2 }));
    a = new AccessService(stores[0]!);
    b = new AccessService(stores[1]!);
    await a.createTenant({ id: 'acme' });
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it("refuses a token on the other replica's very next authentication once the revocation is acknowledged", async () => {
    const trials = 200;
    const nextOnOther: Array<string | undefined> = [];
    for (let i = 0; i < trials; i++) {
      const [by, other] = i % 2 === 0 ? [a, b] : [b, a];
      const { token, secret } = await by.createToken({ tenantId: 'acme', label: `victim-${i}` });
      for (const s of [a, b, a, b]) expect((await s.authenticateDetailed(secret)).principal).toBeDefined();
      await by.revokeToken(token.id);
      nextOnOther.push((await other.authenticateDetailed(secret)).reason);
    }
    const late = nextOnOther.filter((r) => r !== 'revoked').length;
    expect(nextOnOther, `${late} of ${trials} not refused at once`).toEqual(nextOnOther.map(() => 'revoked'));
  }, 60_000);
});
