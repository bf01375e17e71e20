import { describe, expect, it } from 'vitest';
import { type UpstreamResponse, upstreamErrorMessage } from '../../src/upstream/index.js';

function response(status: number, body: unknown, over: Partial<UpstreamResponse> = {}): UpstreamResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers: {},
    contentType: typeof body === 'string' ? 'text/plain' : 'application/json',
    text,
    ...(typeof body === 'string' ? {} : { json: body }),
    bytes: Buffer.byteLength(text),
    truncated: false,
    durationMs: 1,
    attempts: 1,
    url: 'http://h/x',
    ...over,
  };
}

describe('upstreamErrorMessage', () => {
  it.each([
    [{ message: 'Flow "x" not found' }, 'Flow "x" not found'],
    [{ error: 'not_found' }, 'not_found'],
    [{ error: 'invalid_request', error_description: 'bad id' }, 'invalid_request: bad id'],
    [{ error: { message: 'nested message', code: 7 } }, 'nested message'],
    [{ detail: 'problem detail', title: 'Not Found' }, 'problem detail'],
    [{ error_description: 'only a description' }, 'only a description'],
    [{ title: 'Only a title' }, 'Only a title'],
    [{ errors: [{ message: 'first' }, { message: 'second' }] }, 'first'],
    [{ message: '', detail: 'skip empty message' }, 'skip empty message'],
  ])('extracts the message from %j', (body, expected) => {
    expect(upstreamErrorMessage(response(404, body))).toBe(`HTTP 404 Not Found: ${expected}`);
  });

  it('falls back to the body text for unknown JSON shapes and plain text', () => {
    expect(upstreamErrorMessage(response(500, { code: 42 }))).toBe(
      'HTTP 500 Internal Server Error: {"code":42}',
    );
    expect(upstreamErrorMessage(response(502, '  upstream down \n'))).toBe(
      'HTTP 502 Bad Gateway: upstream down',
    );
  });

  it('parses a JSON error sent with a non-JSON content type', () => {
    const res = response(400, '{"message":"bad input"}');
    expect(upstreamErrorMessage(res)).toBe('HTTP 400 Bad Request: bad input');
  });

  it('keeps only the first 500 characters of a long body', () => {
    const msg = upstreamErrorMessage(response(503, 'x'.repeat(2000)));
    expect(msg).toBe(`HTTP 503 Service Unavailable: ${'x'.repeat(500)}…`);
  });

  it('handles an empty body and an unknown status', () => {
    expect(upstreamErrorMessage(response(404, ''))).toBe('HTTP 404 Not Found');
    expect(upstreamErrorMessage(response(599, 'odd'))).toBe('HTTP 599: odd');
  });
});
