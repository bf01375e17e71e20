import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSessionIds, createTaskIds } from '../../src/http/index.js';

describe('task ids Portico publishes', () => {
  const secret = randomBytes(32);
  const ids = createTaskIds(secret);
  const ref = { server: 'everything', tenant: 'acme', id: 'b95b5fc152ea0bf0a5d0644f9a155de6' };

  it('reads back what it issued, on any replica holding the same secret', () => {
    const published = ids.issue(ref);
    expect(published.startsWith('pt1.')).toBe(true);
    expect(ids.read(published)).toEqual(ref);
    expect(createTaskIds(Buffer.from(secret)).read(published)).toEqual(ref);
  });

  it('keeps server, tenant and id apart whatever characters they hold', () => {
    const odd = { server: 'a.b', tenant: 't.1"]', id: 'x.y\u0000z' };
    expect(ids.read(ids.issue(odd))).toEqual(odd);
  });

  it('refuses ids that are altered, truncated, foreign or signed for something else', () => {
    const published = ids.issue(ref);
    const [prefix, body, sig] = published.split('.') as [string, string, string];
    const otherTenant = Buffer.from(JSON.stringify(['everything', 'globex', ref.id])).toString('base64url');
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `${prefix}.${otherTenant}.${sig}`,
      `${prefix}.${body}.${flipped}`,
      published.slice(0, -2),
      `${published}.x`,
      `pt2.${body}.${sig}`,
      createTaskIds(randomBytes(32)).issue(ref),
      // A session id signed with the same secret is no task id.
      createSessionIds(secret).issue(),
      '',
      'x'.repeat(5000),
    ]) {
      expect(ids.read(bad)).toBeUndefined();
    }
  });
});
