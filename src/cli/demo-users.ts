import { randomBytes } from 'node:crypto';
import { OAuthUsers } from '../oauth/index.js';
import type { Store, UserRole } from '../store/index.js';

/** A demo console user with the password `portico demo` prints (fresh on every start). */
export interface DemoUser {
  email: string;
  password: string;
  tenant: string;
  role: UserRole;
}

/**
 * One member per tenant (`member@<tenant>.example`) and one operator (`operator@portico.example`,
 * home tenant: the first). Existing demo users keep their id and get a fresh password.
 */
export async function seedDemoUsers(store: Store, tenants: string[]): Promise<DemoUser[]> {
  const users = new OAuthUsers(store);
  const wanted: Array<Omit<DemoUser, 'password'>> = tenants.map((t) => ({
    email: `member@${t}.example`,
    tenant: t,
    role: 'member',
  }));
  if (tenants[0] !== undefined) {
    wanted.push({ email: 'operator@portico.example', tenant: tenants[0], role: 'operator' });
  }
  const out: DemoUser[] = [];
  for (const w of wanted) {
    const password = randomBytes(12).toString('base64url');
    const existing = await store.findOAuthUserByEmail(w.email);
    if (existing === undefined) {
      await users.create({ tenantId: w.tenant, email: w.email, password, role: w.role });
    } else {
      await users.resetPassword(existing.id, password);
      if (existing.role !== w.role) await users.setRole(existing.id, w.role);
      if (existing.disabled) await users.setDisabled(existing.id, false);
    }
    out.push({ ...w, password });
  }
  return out;
}
