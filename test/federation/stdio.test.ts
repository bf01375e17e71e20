import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFederation, type Federation } from '../../src/federation/index.js';
import { isAlive, recordingLogger, rejection, stats, statusOf, stdioConfig } from './helpers.js';

describe('federation: a stdio MCP server', () => {
  const logger = recordingLogger();
  let federation: Federation;
  let changes = 0;

  beforeAll(async () => {
    federation = createFederation([stdioConfig('local')], { logger });
    federation.onChange(() => changes++);
    await federation.start();
  });
  afterAll(() => federation.close());

  it('connects over the 2025 handshake, lists every tool and reports the child pid', () => {
    const s = statusOf(federation, 'local');
    expect(s).toMatchObject({ state: 'connected', transport: 'stdio', toolCount: 6 });
    expect(s.protocolVersion).toBe('2025-11-25');
    expect(s.pid).toBeTypeOf('number');
    expect(isAlive(s.pid as number)).toBe(true);
    expect(changes).toBeGreaterThanOrEqual(1);
    const tools = federation.tools().get('local') ?? [];
    expect(tools.map((t) => t.name)).toEqual(['echo', 'add', 'fail', 'slow', 'stats', 'add_tool']);
    expect(tools[0]).toEqual({
      name: 'echo',
      title: 'Echo',
      description: 'Echo the text back.',
      inputSchema: expect.objectContaining({ type: 'object', required: ['text'] }),
      outputSchema: expect.objectContaining({ type: 'object', required: ['echoed', 'length'] }),
      annotations: { readOnlyHint: true },
    });
  });

  it('forwards calls and returns the results unchanged', async () => {
    expect(await federation.call('local', 'echo', { text: 'héllo' })).toEqual({
      content: [{ type: 'text', text: '{"echoed":"héllo","length":5}' }],
      structuredContent: { echoed: 'héllo', length: 5 },
    });
    expect(await federation.call('local', 'add', { a: 2, b: 40 })).toEqual({
      content: [{ type: 'text', text: '42' }],
    });
    expect(await federation.call('local', 'fail', {})).toEqual({
      content: [{ type: 'text', text: 'it failed on purpose' }],
      isError: true,
    });
  });

  it('maps a remote JSON-RPC error to upstream_status with the remote code and message', async () => {
    const err = await rejection(federation.call('local', 'no_such_tool', {}));
    expect(err.code).toBe('upstream_status');
    expect(err.message).toContain('-32602');
    expect(err.message).toContain('no_such_tool');
  });

  it('passes progress notifications through, even the ones written right before the result', async () => {
    const seen: unknown[] = [];
    const result = await federation.call(
      'local',
      'slow',
      { steps: 3, delay_ms: 0 },
      { onProgress: (p) => seen.push(p) },
    );
    expect(result).toEqual({ content: [{ type: 'text', text: 'done after 3 steps' }] });
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'step 1/3' },
      { progress: 2, total: 3, message: 'step 2/3' },
      { progress: 3, total: 3, message: 'step 3/3' },
    ]);
  });

  it('cancels the remote call when the caller aborts (notifications/cancelled reaches the server)', async () => {
    const before = await stats(federation, 'local');
    const ac = new AbortController();
    const call = federation.call(
      'local',
      'slow',
      { steps: 1000, delay_ms: 50 },
      { signal: ac.signal, onProgress: () => ac.abort() },
    );
    const err = await rejection(call);
    expect(err.code).toBe('upstream_aborted');
    await vi.waitFor(async () =>
      expect((await stats(federation, 'local')).cancelled).toBe(before.cancelled + 1),
    );
    expect((await stats(federation, 'local')).completed).toBe(before.completed);
  });

  it('serves every call from the same child process', async () => {
    const pid = statusOf(federation, 'local').pid;
    const results = await Promise.all(Array.from({ length: 25 }, () => stats(federation, 'local')));
    for (let i = 0; i < 5; i++) results.push(await stats(federation, 'local'));
    expect(new Set(results.map((r) => r.pid))).toEqual(new Set([pid]));
  });

  it('forwards the child stderr to the logger at debug level', () => {
    const lines = logger.entries.filter((e) => e.level === 'debug' && typeof e.obj.stderr === 'string');
    expect(lines.map((e) => e.obj.stderr)).toContainEqual(expect.stringContaining('fixture-stdio started'));
    expect(lines.every((e) => e.obj.server === 'local')).toBe(true);
  });

  it('re-lists on tools/list_changed, fires onChange and can call the new tool', async () => {
    const before = changes;
    await federation.call('local', 'add_tool', { name: 'greet', text: 'hi there' });
    await vi.waitFor(() => expect(changes).toBeGreaterThan(before));
    const names = (federation.tools().get('local') ?? []).map((t) => t.name);
    expect(names).toContain('greet');
    expect(statusOf(federation, 'local').toolCount).toBe(7);
    expect(await federation.call('local', 'greet', {})).toEqual({
      content: [{ type: 'text', text: 'hi there' }],
    });
  });

  it('rejects a call to a server that is not federated', async () => {
    const err = await rejection(federation.call('elsewhere', 'echo', {}));
    expect(err.code).toBe('upstream_unreachable');
    expect(err.message).toContain('mcp_servers declares: local');
  });
});

describe('federation: stdio timeouts and start-up failures', () => {
  it('times out a slow call with upstream_timeout and cancels it on the server', async () => {
    const federation = createFederation([stdioConfig('local', { timeoutMs: 300 })], {
      connectTimeoutMs: 15_000,
    });
    try {
      await federation.start();
      const err = await rejection(federation.call('local', 'slow', { steps: 1000, delay_ms: 50 }));
      expect(err.code).toBe('upstream_timeout');
      expect(err.message).toContain('300 ms');
      expect(err.message).toContain('mcp_servers.local.timeout_ms');
      await vi.waitFor(async () => expect((await stats(federation, 'local')).cancelled).toBe(1));
    } finally {
      await federation.close();
    }
  });

  it('marks a command that cannot start as failed without failing start()', async () => {
    const bad = stdioConfig('missing', {
      transport: { kind: 'stdio', command: '/nonexistent/portico-test-server', args: [], env: {} },
    });
    const federation = createFederation([bad], { baseDelayMs: 60_000, maxDelayMs: 60_000 });
    try {
      await federation.start();
      const s = statusOf(federation, 'missing');
      expect(s.state).toBe('failed');
      expect(s.error).toContain('could not start "/nonexistent/portico-test-server"');
      expect(s.error).toContain('mcp_servers.missing.command');
      expect(Date.parse(s.retryAt ?? '')).toBeGreaterThan(Date.now());
      expect(federation.tools().has('missing')).toBe(false);
    } finally {
      await federation.close();
    }
  });

  it('reports the last stderr line of a server that exits during start-up, redacting env secrets', async () => {
    const script =
      "process.stderr.write('fatal: API_KEY ' + process.env.API_KEY + ' rejected\\n'); process.exit(3)";
    const crashing = stdioConfig('crashy', {
      transport: {
        kind: 'stdio',
        command: process.execPath,
        args: ['-e', script],
        env: { API_KEY: 'sk-secret-123' },
      },
    });
    const logger = recordingLogger();
    const federation = createFederation([crashing], { logger, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    try {
      await federation.start();
      const s = statusOf(federation, 'crashy');
      expect(s.state).toBe('failed');
      expect(s.error).toContain('exited before it finished the MCP handshake');
      expect(s.error).toContain('fatal: API_KEY *** rejected');
      expect(JSON.stringify(logger.entries)).not.toContain('sk-secret-123');
    } finally {
      await federation.close();
    }
  });
});
