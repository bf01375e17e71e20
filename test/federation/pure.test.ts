import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { UpstreamUrlElicitation } from '../../src/errors/index.js';
import { backoffDelay } from '../../src/federation/backoff.js';
import { classifyCallError } from '../../src/federation/call-errors.js';
import { describeError, redact, secretsOf } from '../../src/federation/redact.js';
import { forwardedResult } from '../../src/federation/result.js';
import { httpConfig, stdioConfig } from './helpers.js';

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 30_000 };

  it('doubles per failure within [half, full] of the step, capped at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(50, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(50, policy, () => 0)).toBe(15_000);
  });
});

describe('secrets', () => {
  it('collects header values, the bearer, URL credentials and query values, and stdio env values', () => {
    const http = httpConfig('r', 'https://user:p%40ss@example.com/mcp?api_key=qwerty123', {
      bearer: 'bearer-token',
      headers: { 'X-Api-Key': 'hdr-secret', 'X-Tiny': 'ab' },
    });
    expect(secretsOf(http).sort()).toEqual(['bearer-token', 'hdr-secret', 'p@ss', 'qwerty123', 'user']);
    const stdio = stdioConfig('s', {
      transport: { kind: 'stdio', command: 'x', args: [], env: { TOKEN: 'env-secret' } },
    });
    expect(secretsOf(stdio)).toEqual(['env-secret']);
  });

  it('redacts every occurrence, longest first', () => {
    expect(redact('a bearer-token-long and bearer-token', ['bearer-token-long', 'bearer-token'])).toBe(
      'a *** and ***',
    );
  });

  it('describes an error with its causes on one line', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const outer = new Error('probe failed: fetch failed', {
      cause: new TypeError('fetch failed', { cause: inner }),
    });
    expect(describeError(outer)).toBe('probe failed: fetch failed (connect ECONNREFUSED 127.0.0.1:9)');
    expect(describeError('plain')).toBe('plain');
  });
});

describe('forwardedResult', () => {
  it('returns the result as is, minus the hop-scoped _meta envelope', () => {
    const plain = { content: [{ type: 'text' as const, text: 'x' }], _meta: { 'a.b/c': 1 } };
    expect(forwardedResult(plain)).toBe(plain);
    const enveloped = {
      content: [],
      isError: true,
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'up', version: '1' }, keep: 2 },
    };
    expect(forwardedResult(enveloped)).toEqual({ content: [], isError: true, _meta: { keep: 2 } });
    const only = {
      content: [],
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'up', version: '1' } },
    };
    expect(forwardedResult(only)).toEqual({ content: [] });
  });
});

describe('classifyCallError', () => {
  const ctx = { server: 's', tool: 't', timeoutMs: 1000, redact: (x: string) => redact(x, ['sekret']) };

  it('keeps the connection for request-level failures', () => {
    const protocol = classifyCallError(new ProtocolError(-32602, 'Tool t not found'), ctx);
    expect(protocol).toMatchObject({ drop: false, error: { code: 'upstream_status' } });
    expect(protocol.error?.message).toContain('JSON-RPC error -32602: Tool t not found');
    expect(classifyCallError(new SdkError(SdkErrorCode.RequestTimeout, 'timed out'), ctx)).toMatchObject({
      drop: false,
      error: { code: 'upstream_timeout' },
    });
    expect(classifyCallError(new SdkError(SdkErrorCode.InvalidResult, 'bad output'), ctx)).toMatchObject({
      drop: false,
      error: { code: 'upstream_status' },
    });
    const forbidden = new SdkHttpError(SdkErrorCode.ClientHttpForbidden, 'no', { status: 403 });
    expect(classifyCallError(forbidden, ctx)).toMatchObject({
      drop: false,
      error: { code: 'upstream_auth' },
    });
  });

  it('keeps a -32042 as the server sent it, with a message naming the URLs (entries without one skipped)', () => {
    const data = {
      elicitations: [
        { mode: 'url', url: 'https://a.example/x', message: 'Sign in', elicitationId: 'e1' },
        { mode: 'url', message: 'no url here', elicitationId: 'e2' },
        'junk',
      ],
      extra: true,
    };
    const failure = classifyCallError(new ProtocolError(-32042, 'Consent first', data), ctx);
    expect(failure.drop).toBe(false);
    const error = failure.error as UpstreamUrlElicitation;
    expect(error).toBeInstanceOf(UpstreamUrlElicitation);
    expect(error.code).toBe('url_elicitation_required');
    expect(error.upstream).toEqual({ message: 'Consent first', data });
    expect(error.elicitations).toEqual([
      { url: 'https://a.example/x', message: 'Sign in', elicitationId: 'e1' },
    ]);
    expect(error.message).toBe(
      'MCP server "s" needs the user to open a URL in a browser before tools/call "t" can run ("Consent first"): open https://a.example/x — "Sign in"; once done there, call the tool again. A 2025-11-25 client that declares the elicitation.url capability gets this as JSON-RPC error -32042.',
    );
    const none = classifyCallError(new ProtocolError(-32042, 'MCP error -32042: sekret'), ctx).error;
    expect(none?.message).toBe(
      'MCP server "s" answered tools/call "t" with JSON-RPC error -32042 (URL elicitation required) ("***") but named no URL to open; ask the server\'s owner.',
    );
  });

  it('reports the caller cancelling as upstream_aborted, whatever the SDK threw', () => {
    const ac = new AbortController();
    ac.abort();
    const failure = classifyCallError(new SdkError(SdkErrorCode.RequestTimeout, 'x'), {
      ...ctx,
      signal: ac.signal,
    });
    expect(failure).toMatchObject({ drop: false, error: { code: 'upstream_aborted' } });
  });

  it('drops the connection on transport failures and 401, redacting the reason', () => {
    expect(classifyCallError(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'), ctx)).toEqual({
      drop: true,
      reason: 'Connection closed',
    });
    expect(classifyCallError(new TypeError('fetch failed near sekret'), ctx)).toEqual({
      drop: true,
      reason: 'fetch failed near ***',
    });
    const unauthorized = new SdkHttpError(SdkErrorCode.ClientHttpAuthentication, 'HTTP 401', { status: 401 });
    expect(classifyCallError(unauthorized, ctx)).toMatchObject({
      drop: true,
      error: { code: 'upstream_auth' },
    });
  });
});
