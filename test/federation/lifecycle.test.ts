import { describe, expect, it, vi } from 'vitest';
import { createFederation } from '../../src/federation/index.js';
import { isAlive, recordingLogger, rejection, stats, statusOf, stdioConfig } from './helpers.js';

describe('federation: stdio child lifecycle', () => {
  it('marks a killed child failed, restarts it with backoff and serves calls again', async () => {
    const logger = recordingLogger();
    // Backoff 0.5–1 s for the first retry: long enough to observe the failed state.
    const federation = createFederation([stdioConfig('local')], {
      logger,
      baseDelayMs: 1000,
      maxDelayMs: 2000,
    });
    try {
      await federation.start();
      const first = statusOf(federation, 'local').pid as number;
      expect((await stats(federation, 'local')).pid).toBe(first);
      let changes = 0;
      federation.onChange(() => changes++);

      process.kill(first, 'SIGKILL');
      await vi.waitFor(() => expect(statusOf(federation, 'local').state).toBe('failed'), { interval: 10 });
      const down = statusOf(federation, 'local');
      expect(down.error).toBe('the server process exited');
      expect(down.retryAt).toBeDefined();
      // The tools stay listed while it restarts: the catalogue does not flap.
      expect(federation.tools().get('local')?.length).toBe(6);

      const err = await rejection(federation.call('local', 'echo', { text: 'x' }));
      expect(err.code).toBe('upstream_unreachable');
      expect(err.message).toMatch(
        /^MCP server "local" is unavailable: the server process exited; Portico retries it in the background \(next attempt at \d{4}-.+\)\.$/,
      );

      await vi.waitFor(() => expect(statusOf(federation, 'local').state).toBe('connected'), {
        timeout: 10_000,
      });
      const second = statusOf(federation, 'local').pid as number;
      expect(second).not.toBe(first);
      expect(statusOf(federation, 'local').restarts).toBe(1);
      expect(isAlive(first)).toBe(false);
      expect((await stats(federation, 'local')).pid).toBe(second);
      expect(await federation.call('local', 'add', { a: 1, b: 1 })).toEqual({
        content: [{ type: 'text', text: '2' }],
      });
      // Same tools as before the crash: no spurious change.
      expect(changes).toBe(0);
      expect(
        logger.entries.some((e) => e.level === 'warn' && e.obj.error === 'the server process exited'),
      ).toBe(true);
    } finally {
      await federation.close();
    }
  });

  it('close() stops the child process and later calls fail cleanly', async () => {
    const federation = createFederation([stdioConfig('local')]);
    await federation.start();
    const pid = statusOf(federation, 'local').pid as number;
    expect(isAlive(pid)).toBe(true);

    await federation.close();
    expect(isAlive(pid)).toBe(false);
    expect(statusOf(federation, 'local')).toMatchObject({ state: 'closed' });
    expect(statusOf(federation, 'local').pid).toBeUndefined();
    const err = await rejection(federation.call('local', 'echo', { text: 'x' }));
    expect(err.code).toBe('upstream_unreachable');
    expect(err.message).toContain('shutting down');
  });

  it('close() SIGKILLs a child that ignores stdin EOF and SIGTERM', async () => {
    const logger = recordingLogger();
    const config = stdioConfig('stubborn');
    if (config.transport.kind === 'stdio') config.transport.env = { FIXTURE_STUBBORN: '1' };
    const federation = createFederation([config], { logger });
    await federation.start();
    const pid = statusOf(federation, 'stubborn').pid as number;
    expect(isAlive(pid)).toBe(true);
    await federation.close();
    expect(isAlive(pid)).toBe(false);
    const stderr = logger.entries.map((e) => e.obj.stderr);
    expect(stderr).toContain('fixture-stdio ignoring SIGTERM');
  });

  it('close() during the first connect attempt stops the child being started', async () => {
    const federation = createFederation([stdioConfig('local')]);
    const started = federation.start();
    await vi.waitFor(() => expect(statusOf(federation, 'local').pid).toBeTypeOf('number'), { interval: 5 });
    const pid = statusOf(federation, 'local').pid as number;
    await federation.close();
    await started;
    expect(isAlive(pid)).toBe(false);
    expect(statusOf(federation, 'local').state).toBe('closed');
  });
});
