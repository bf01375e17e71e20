import { describe, expect, it } from 'vitest';
import { isLoopbackHost, LOOPBACK_HOSTS } from '../../src/spec/index.js';

describe('loopback hosts', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])(
    '%j only reaches this machine',
    (h) => {
      expect(isLoopbackHost(h)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.1', 'example.com', '127.0.0.1.example.com', 'localhost.example.com'])(
    '%j reaches other machines',
    (h) => {
      expect(isLoopbackHost(h)).toBe(false);
    },
  );

  it('lists the URL (bracketed) and bind spellings of IPv6 loopback', () => {
    expect(LOOPBACK_HOSTS.has(new URL('http://[::1]:8080/').hostname)).toBe(true);
    expect(LOOPBACK_HOSTS.has('::1')).toBe(true);
  });
});
