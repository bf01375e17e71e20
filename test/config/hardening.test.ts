import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createMemoryLimiterBackend, Limits } from '../../src/limits/index.js';
import { BILLING, yaml } from './helpers.js';

const minimal = [...BILLING, '    operations:', '      ping: { path: /ping }'];

describe('parseConfig: hardening settings (issue 11)', () => {
  it('reads the connection timeouts, JSON depth and audit durability', () => {
    const config = parseConfig(
      yaml(
        'server:',
        '  max_json_depth: 32',
        '  headers_timeout_ms: 2000',
        '  body_timeout_ms: 3000',
        '  body_min_bytes_per_sec: 0',
        '  keep_alive_timeout_ms: 1000',
        '  max_connections_per_address: 8',
        'audit:',
        '  durability: batched',
        ...minimal,
      ),
      'portico.yaml',
      {},
    );
    expect(config.server).toMatchObject({
      maxJsonDepth: 32,
      headersTimeoutMs: 2000,
      bodyTimeoutMs: 3000,
      bodyMinBytesPerSec: 0,
      keepAliveTimeoutMs: 1000,
      maxConnectionsPerAddress: 8,
    });
    expect(config.audit.durability).toBe('batched');
    expect(parseConfig(yaml(...minimal), 'portico.yaml', {}).audit.durability).toBe('sync');
  });

  it('limits.auth_failures: none turns the failed-auth throttle off (it used to become 20/min)', async () => {
    const off = parseConfig(yaml('limits:', '  auth_failures: none', ...minimal), 'portico.yaml', {});
    expect(off.limits.authFailures).toBeNull();
    const limits = new Limits(off.limits, createMemoryLimiterBackend());
    for (let i = 0; i < 50; i++) expect(await limits.authFailed('203.0.113.9')).toEqual({ ok: true });
    expect(await limits.authBlocked('203.0.113.9')).toEqual({ ok: true });
    const on = parseConfig(yaml(...minimal), 'portico.yaml', {});
    expect(on.limits.authFailures).toMatchObject({ points: 20, durationSec: 60 });
  });

  it('refuses an unknown durability with the valid values', () => {
    expect(() => parseConfig(yaml('audit:', '  durability: fsync', ...minimal), 'portico.yaml', {})).toThrow(
      /audit\.durability.*(sync|batched)/s,
    );
  });
});

describe('parseConfig: headers the HTTP client owns (issue 11, point 6)', () => {
  it.each([
    [
      'an argument mapped to Host',
      ['        arguments:', '          h: { in: header, field: Host }'],
      'Host',
    ],
    ['a system header Content-Length', [], 'Content-Length'],
    ['an identity header Transfer-Encoding', [], 'Transfer-Encoding'],
  ])('refuses %s with a located error', (_what, argLines, header) => {
    const system =
      header === 'Content-Length'
        ? ['    headers: { Content-Length: "5" }']
        : header === 'Transfer-Encoding'
          ? ['    identity_headers: { Transfer-Encoding: tenant.id }']
          : [];
    const text = yaml(
      ...BILLING,
      ...system,
      '    operations:',
      '      ping:',
      '        path: /ping',
      ...argLines,
    );
    let message = '';
    try {
      parseConfig(text, 'portico.yaml', {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      new RegExp(`portico\\.yaml:\\d+:\\d+ .*${header}.*cannot be set by configuration`, 'i'),
    );
  });

  it('accepts ordinary headers (Connection-like names are only refused exactly)', () => {
    const text = yaml(
      ...BILLING,
      '    headers: { X-Connection-Id: "1", X-Host: "a" }',
      '    operations:',
      '      ping: { path: /ping }',
    );
    expect(() => parseConfig(text, 'portico.yaml', {})).not.toThrow();
  });
});
