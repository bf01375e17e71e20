import { describe, expect, it } from 'vitest';
import { ConsoleSessions } from '../../src/console/index.js';
import { maskSecrets } from '../../src/runtime/console.js';

const user = { userId: 'usr_1', email: 'a@acme.test', tenantId: 'acme', role: 'member' as const };

describe('console sessions', () => {
  it('end after the idle time; every use restarts the idle clock', () => {
    let now = 0;
    const sessions = new ConsoleSessions({ idleMs: 1000, now: () => now });
    const s = sessions.create(user);
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrf).not.toBe(s.id);
    now = 900;
    expect(sessions.touch(s.id)?.userId).toBe('usr_1');
    now = 1800; // 900 ms after the last use
    expect(sessions.touch(s.id)).toBeDefined();
    now = 2801; // 1001 ms idle
    expect(sessions.touch(s.id)).toBeUndefined();
    now = 2802;
    expect(sessions.touch(s.id)).toBeUndefined();
  });

  it('end on sign-out and for every session of a user; unknown ids are no session', () => {
    const sessions = new ConsoleSessions();
    const a = sessions.create(user);
    const b = sessions.create(user);
    const c = sessions.create({ ...user, userId: 'usr_2' });
    sessions.end(a.id);
    expect(sessions.touch(a.id)).toBeUndefined();
    expect(sessions.touch(b.id)).toBeDefined();
    sessions.endUser('usr_1');
    expect(sessions.touch(b.id)).toBeUndefined();
    expect(sessions.touch(c.id)).toBeDefined();
    expect(sessions.touch(undefined)).toBeUndefined();
    expect(sessions.touch('forged')).toBeUndefined();
  });

  it('drop the least recently used session beyond the cap', () => {
    const sessions = new ConsoleSessions({ max: 2 });
    const a = sessions.create(user);
    const b = sessions.create(user);
    sessions.touch(a.id); // b is now the least recently used
    const c = sessions.create(user);
    expect(sessions.touch(b.id)).toBeUndefined();
    expect(sessions.touch(a.id)).toBeDefined();
    expect(sessions.touch(c.id)).toBeDefined();
  });
});

describe('running config on the operator page', () => {
  it('masks secret-looking fields and bearer values, keeps the rest', () => {
    const masked = maskSecrets({
      server: { port: 8787, publicUrl: 'https://mcp.example.com' },
      systems: [
        {
          name: 'crm',
          auth: { kind: 'bearer', token: 'sk-live-123' },
          headers: { 'X-Api-Key': 'k-456', Accept: 'application/json' },
        },
      ],
      oauth: { clientSecret: 'cs-789', clientId: 'portico', accessTokenTtlSec: 3600 },
      limits: { token: { points: 120, durationSec: 60, text: '120/min' } },
      mcpServers: [{ name: 'gh', env: { GH_PAT: 'ghp-000' }, basic: { username: 'u', password: 'pw-1' } }],
      identityHeaders: { 'x-portico-token': 'token.id' },
      note: 'Bearer abc',
      flags: new Set(['a']),
    }) as Record<string, unknown>;
    const text = JSON.stringify(masked);
    for (const secret of ['sk-live-123', 'k-456', 'cs-789', 'Bearer abc', 'ghp-000', 'pw-1']) {
      expect(text).not.toContain(secret);
    }
    // Not secrets: rates, lifetimes, identity facts, user names.
    expect(masked).toMatchObject({
      limits: { token: { points: 120, text: '120/min' } },
      oauth: { accessTokenTtlSec: 3600 },
      identityHeaders: { 'x-portico-token': 'token.id' },
      mcpServers: [{ basic: { username: 'u' } }],
    });
    expect(text).toContain('https://mcp.example.com');
    expect(text).toContain('application/json');
    expect(text).toContain('"clientId":"portico"');
    expect(text).toContain('"kind":"bearer"');
  });
});
