import { describe, expect, it } from 'vitest';
import { atLeast, SessionLogLevels } from '../../src/subscriptions/index.js';

describe('SessionLogLevels', () => {
  it('keeps each session’s last level, per tenant', () => {
    const levels = new SessionLogLevels();
    levels.set('a1', 'acme', 'debug');
    levels.set('a2', 'acme', 'error');
    levels.set('g1', 'globex', 'info');
    levels.set('a1', 'acme', 'warning');
    expect(levels.get('a1')).toBe('warning');
    expect(levels.forTenant('acme')).toEqual({ a1: 'warning', a2: 'error' });
    expect(levels.forTenant('globex')).toEqual({ g1: 'info' });
    expect(levels.forTenant('initech')).toEqual({});
  });

  it('forgets the session that set its level longest ago past its bound', () => {
    const levels = new SessionLogLevels(2);
    levels.set('a1', 'acme', 'debug');
    levels.set('a2', 'acme', 'error');
    levels.set('a1', 'acme', 'info'); // a1 is now the most recent
    levels.set('g1', 'globex', 'info');
    expect(levels.get('a2')).toBeUndefined();
    expect(levels.forTenant('acme')).toEqual({ a1: 'info' });
    expect(levels.get('g1')).toBe('info');
  });

  it('atLeast: none asked lets everything through; unknown levels are not dropped', () => {
    expect(atLeast('debug', undefined)).toBe(true);
    expect(atLeast('warning', 'error')).toBe(false);
    expect(atLeast('error', 'error')).toBe(true);
    expect(atLeast('emergency', 'error')).toBe(true);
    expect(atLeast('verbose', 'error')).toBe(true);
  });
});
