import { describe, expect, it } from 'vitest';
import { isPorticoError } from '../../src/errors/index.js';
import { ACCEPT, buildRequest } from '../../src/upstream/index.js';
import { operation, param, system } from './helpers.js';

const sys = system('http://api.example.com/api/');

function invalidCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isPorticoError(err) ? err.code : 'not a PorticoError';
  }
  return undefined;
}

describe('buildRequest: path', () => {
  it('keeps the base URL path prefix and percent-encodes values', () => {
    const req = buildRequest(operation(), sys, { flow: 'a b&c' });
    expect(req.origin).toBe('http://api.example.com');
    expect(req.path).toBe('/api/flows/a%20b%26c');
    expect(req.pathname).toBe('/api/flows/a%20b%26c');
  });

  it('works with a root base URL and numbers', () => {
    const req = buildRequest(operation(), system('http://h:8080'), { flow: 42 });
    expect(req.path).toBe('/flows/42');
  });

  it.each([
    ['a/b', '/api/flows/a%2Fb'],
    ['../admin', '/api/flows/..%2Fadmin'],
    ['..%2fadmin', '/api/flows/..%252fadmin'],
    ['%2e%2e', '/api/flows/%252e%252e'],
    ['..\\admin', '/api/flows/..%5Cadmin'],
    ['?x=1#frag', '/api/flows/%3Fx%3D1%23frag'],
    ['//evil.com', '/api/flows/%2F%2Fevil.com'],
    ['@evil.com', '/api/flows/%40evil.com'],
  ])('encodes %j so it stays one segment', (value, expected) => {
    const req = buildRequest(operation(), sys, { flow: value });
    expect(req.path).toBe(expected);
    expect(req.origin).toBe('http://api.example.com');
    expect(new URL(req.path, req.origin).pathname).toBe(expected);
  });

  it.each(['..', '.'])('rejects the dot segment %j, naming the argument', (value) => {
    expect(invalidCode(() => buildRequest(operation(), sys, { flow: value }))).toBe(
      'upstream_invalid_request',
    );
    expect(() => buildRequest(operation(), sys, { flow: value })).toThrow(/path argument \("flow"\)/);
  });

  it('rejects dot segments assembled from two placeholders', () => {
    const op = operation({ path: '/x/{a}{b}/y', params: [param('a', 'path'), param('b', 'path')] });
    expect(invalidCode(() => buildRequest(op, sys, { a: '.', b: '.' }))).toBe('upstream_invalid_request');
    expect(buildRequest(op, sys, { a: '.', b: 'x' }).path).toBe('/api/x/.x/y');
  });

  it('rejects a traversal that would escape the base path', () => {
    const op = operation({ path: '/{a}/{b}', params: [param('a', 'path'), param('b', 'path')] });
    expect(invalidCode(() => buildRequest(op, sys, { a: '..', b: '..' }))).toBe('upstream_invalid_request');
  });

  it('rejects a missing or empty path argument, naming it', () => {
    expect(() => buildRequest(operation(), sys, {})).toThrow(/"flow" is required/);
    expect(invalidCode(() => buildRequest(operation(), sys, { flow: '' }))).toBe('upstream_invalid_request');
  });

  it('maps {placeholders} by wire name (OpenAPI) or argument name', () => {
    const op = operation({ path: '/flows/{flowId}', params: [param('flow_id', 'path', 'flowId')] });
    expect(buildRequest(op, sys, { flow_id: 'f1' }).path).toBe('/api/flows/f1');
  });

  it('reports a placeholder no argument maps to', () => {
    const op = operation({ path: '/flows/{nope}' });
    expect(() => buildRequest(op, sys, { flow: 'x' })).toThrow(/\{nope\}/);
  });
});

describe('buildRequest: query', () => {
  const op = operation({
    path: '/flows',
    params: [
      param('status', 'query'),
      param('tags', 'query', 'tag'),
      param('filter', 'query'),
      param('active', 'query'),
      param('limit', 'query'),
      param('cursor', 'query'),
      param('gone', 'query'),
    ],
  });

  it('serializes arrays as repeated keys, objects as JSON, scalars as strings; skips null/undefined', () => {
    const req = buildRequest(op, sys, {
      status: 'a b',
      tags: ['x', 'y&z'],
      filter: { k: 1 },
      active: false,
      limit: 10,
      cursor: null,
    });
    expect(req.path).toBe(
      `/api/flows?status=a%20b&tag=x&tag=y%26z&filter=${encodeURIComponent('{"k":1}')}&active=false&limit=10`,
    );
    expect(req.pathname).toBe('/api/flows');
    const parsed = new URL(req.path, req.origin).searchParams;
    expect(parsed.getAll('tag')).toEqual(['x', 'y&z']);
    expect(parsed.get('filter')).toBe('{"k":1}');
  });

  it('has no query string when no query argument is given', () => {
    expect(buildRequest(op, sys, {}).path).toBe('/api/flows');
  });

  it('appends to a query string already in the template', () => {
    const withQuery = operation({ path: '/search?type=flow', params: [param('q', 'query')] });
    const req = buildRequest(withQuery, sys, { q: 'x' });
    expect(req.path).toBe('/api/search?type=flow&q=x');
    expect(req.pathname).toBe('/api/search');
  });
});

describe('buildRequest: headers', () => {
  const op = operation({ path: '/flows', params: [param('key', 'header', 'Idempotency-Key')] });

  it('sends accept, system headers, header params, request id and extra headers', () => {
    const s = system('http://h', { headers: { 'X-Client': 'portico' } });
    const req = buildRequest(op, s, { key: 'k1' }, { requestId: 'req-1', extraHeaders: { 'X-Extra': 'e' } });
    expect(req.headers).toEqual({
      accept: ACCEPT,
      'x-client': 'portico',
      'idempotency-key': 'k1',
      'x-request-id': 'req-1',
      'x-extra': 'e',
    });
    expect(req.body).toBeUndefined();
  });

  it.each(['a\r\nX-Evil: 1', 'a\nb', 'a\rb', 'a\0b'])(
    'rejects %j naming the argument, not the value',
    (value) => {
      let message = '';
      try {
        buildRequest(op, sys, { key: value });
      } catch (err) {
        expect(isPorticoError(err, 'upstream_invalid_request')).toBe(true);
        message = (err as Error).message;
      }
      expect(message).toContain('"key"');
      expect(message).not.toContain(value);
    },
  );
});

describe('buildRequest: body', () => {
  const fields = [param('name', 'body'), param('amount', 'body', 'amountCents')];

  it('builds a JSON object of body fields keyed by wire name', () => {
    const op = operation({ method: 'POST', path: '/flows', params: fields });
    const req = buildRequest(op, sys, { name: 'n', amount: 5 });
    expect(JSON.parse(req.body ?? '')).toEqual({ name: 'n', amountCents: 5 });
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('sends {} for POST without body arguments, nothing for GET/DELETE', () => {
    expect(buildRequest(operation({ method: 'POST', path: '/f', params: fields }), sys, {}).body).toBe('{}');
    for (const method of ['GET', 'HEAD', 'DELETE'] as const) {
      const req = buildRequest(operation({ method, path: '/f', params: fields }), sys, {});
      expect(req.body).toBeUndefined();
      expect(req.headers['content-type']).toBeUndefined();
    }
  });

  it('sends one argument as the whole body in argument mode', () => {
    const op = operation({
      method: 'PUT',
      path: '/flows/{flow}/lines',
      params: [param('flow', 'path'), param('lines', 'body')],
      body: { kind: 'argument', param: 'lines' },
    });
    const req = buildRequest(op, sys, { flow: 'f', lines: [{ a: 1 }] });
    expect(req.body).toBe('[{"a":1}]');
    expect(req.path).toBe('/api/flows/f/lines');
    expect(buildRequest(op, sys, { flow: 'f' }).body).toBeUndefined();
  });
});
