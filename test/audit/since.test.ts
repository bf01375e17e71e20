import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/audit/index.js';
import { PorticoError } from '../../src/errors/index.js';

const now = new Date('2026-03-10T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['30s', '2026-03-10T11:59:30.000Z'],
    ['15m', '2026-03-10T11:45:00.000Z'],
    ['1h', '2026-03-10T11:00:00.000Z'],
    ['7d', '2026-03-03T12:00:00.000Z'],
    ['0s', '2026-03-10T12:00:00.000Z'],
    [' 2h ', '2026-03-10T10:00:00.000Z'],
  ])('reads the duration %j as that long before now', (text, iso) => {
    expect(parseSince(text, now).toISOString()).toBe(iso);
  });

  it.each([
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T10:00', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:05Z', '2026-03-01T10:00:05.000Z'],
    ['2026-03-01 10:00:05.250', '2026-03-01T10:00:05.250Z'],
    ['2026-03-01T12:00:00+02:00', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T07:30:00-0230', '2026-03-01T10:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads the ISO date/time %j (UTC unless it has an offset)', (text, iso) => {
    expect(parseSince(text, now).toISOString()).toBe(iso);
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const t = parseSince('1h').getTime();
    expect(t).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(t).toBeLessThanOrEqual(Date.now() - 3_600_000);
  });

  it.each([
    '',
    'yesterday',
    '5w',
    '-1h',
    '1.5h',
    'h',
    '2026-02-29',
    '2026-13-01',
    '2026-03-32',
    '2026-03-01T24:00',
    '2026-03-01T10:60',
    '03/01/2026',
  ])('refuses %j with invalid_input naming the accepted forms', (text) => {
    let error: unknown;
    try {
      parseSince(text, now);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PorticoError);
    expect((error as PorticoError).code).toBe('invalid_input');
    expect((error as PorticoError).message).toMatch(/30s, 15m, 1h or 7d/);
    expect((error as PorticoError).message).toMatch(/ISO date\/time like 2026-03-01/);
  });
});
