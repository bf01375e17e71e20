import { describe, expect, it } from 'vitest';
import { BILLING, configError, issueLines, yaml } from './helpers.js';

describe('parseConfig: schema issues', () => {
  it('reports an unknown key at the key, with a did-you-mean', () => {
    const text = yaml('systems:', '  billing:', '    base_ur: https://billing.example.com');
    const [missing, unknown] = configError(text).issues;
    expect(unknown).toEqual({
      file: 'portico.yaml',
      line: 3,
      column: 5,
      path: 'systems.billing.base_ur',
      message: 'unknown key "base_ur" — did you mean "base_url"?',
      expected: expect.stringContaining('one of base_url, description, timeout_ms'),
      found: '"base_ur"',
    });
    expect(missing).toMatchObject({ line: 2, column: 3, path: 'systems.billing.base_url' });
  });

  it('lists the valid keys when no key is close', () => {
    const [issue] = configError(yaml('server:', '  colour: blue')).issues;
    expect(issue).toMatchObject({
      line: 2,
      column: 3,
      message: 'unknown key "colour"',
      hint: 'valid keys here: allowed_origins, allowed_hosts, trusted_proxies, max_body_bytes, max_json_depth, max_suspended_calls_per_tenant, headers_timeout_ms, body_timeout_ms, body_min_bytes_per_sec, keep_alive_timeout_ms, max_connections_per_address, page_size, public_url',
    });
  });

  it('reports a wrong enum value with the allowed values', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      get_invoice:',
      '        method: FETCH',
      '        path: /x',
    );
    expect(configError(text).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 6,
        column: 17,
        path: 'systems.billing.operations.get_invoice.method',
        message: 'expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, found "FETCH"',
        expected: 'one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
        found: '"FETCH"',
      },
    ]);
  });

  it('suggests the enum value for a case mistake', () => {
    const text = yaml(...BILLING, '    operations:', '      a: { method: get, path: /x }');
    expect(issueLines(text)).toEqual([
      '5:20 systems.billing.operations.a.method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, found "get" — did you mean "GET"?',
    ]);
  });

  it('reports a wrong type at the value', () => {
    expect(configError(yaml(...BILLING, '    retry: maybe')).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 4,
        column: 12,
        path: 'systems.billing.retry',
        message: 'expected true or false, found "maybe"',
        expected: 'true or false',
        found: '"maybe"',
      },
    ]);
  });

  it('names integers, lists and maps in YAML terms', () => {
    const text = yaml(
      ...BILLING,
      '    timeout_ms: 1.5',
      '    headers: [a]',
      'server:',
      '  allowed_hosts: example.com',
    );
    expect(issueLines(text)).toEqual([
      '4:17 systems.billing.timeout_ms: expected an integer, found 1.5',
      '5:14 systems.billing.headers: expected a map, found a list',
      '7:18 server.allowed_hosts: expected a list, found "example.com"',
    ]);
  });

  it('reports numbers below the minimum', () => {
    expect(issueLines(yaml('server:', '  page_size: 0'))).toEqual([
      '2:14 server.page_size: expected a number >= 1, found 0',
    ]);
  });

  it('reports a missing required key at the parent key', () => {
    const text = yaml(...BILLING, '    operations:', '      get_invoice:', '        method: GET');
    expect(configError(text).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 5,
        column: 7,
        path: 'systems.billing.operations.get_invoice.path',
        message: 'missing required key "path"',
        expected: 'a string',
      },
    ]);
  });

  it('reports an empty system body', () => {
    expect(issueLines(yaml('systems:', '  billing:'))).toEqual([
      '2:3 systems.billing: expected a map, found an empty value',
    ]);
  });

  it('reports the auth fields its type requires', () => {
    expect(issueLines(yaml(...BILLING, '    auth:', '      type: api_key', '      header: X-Key'))).toEqual([
      '4:5 systems.billing.auth.value: missing required key "value"',
    ]);
    expect(issueLines(yaml(...BILLING, '    auth: { type: basic, username: u }'))).toEqual([
      '4:5 systems.billing.auth.password: missing required key "password"',
    ]);
  });

  it('reports an unknown auth type with a did-you-mean, and a missing one', () => {
    expect(issueLines(yaml(...BILLING, '    auth: { type: bearr, token: t }'))).toEqual([
      '4:19 systems.billing.auth.type: expected one of none, api_key, bearer, basic, oauth2_client_credentials, found "bearr" — did you mean "bearer"?',
    ]);
    expect(issueLines(yaml(...BILLING, '    auth: { token: t }'))).toEqual([
      '4:5 systems.billing.auth.type: missing required key "type" (one of none, api_key, bearer, basic, oauth2_client_credentials)',
    ]);
  });

  it('reports unknown keys inside an auth block against that type', () => {
    expect(issueLines(yaml(...BILLING, '    auth: { type: bearer, tokn: t }'))).toEqual([
      '4:5 systems.billing.auth.token: missing required key "token"',
      '4:27 systems.billing.auth.tokn: unknown key "tokn" — did you mean "token"?',
    ]);
  });

  it('checks argument keys against JSON Schema keywords and the JSON types', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        path: /a',
      '        arguments:',
      '          q: { type: strng, minLenght: 1 }',
    );
    expect(issueLines(text)).toEqual([
      '8:22 systems.billing.operations.a.arguments.q.type: expected one of string, number, integer, boolean, object, array, null, found "strng" — did you mean "string"?',
      '8:29 systems.billing.operations.a.arguments.q.minLenght: unknown key "minLenght" — did you mean "minLength"?',
    ]);
  });

  it('describes a value matching neither branch of a union', () => {
    const text = yaml(
      ...BILLING,
      '    operations:',
      '      a:',
      '        path: /a',
      '        arguments:',
      '          q: { type: 5, required: yes }',
    );
    expect(issueLines(text)).toEqual([
      '8:22 systems.billing.operations.a.arguments.q.type: expected one of string, number, integer, boolean, object, array, null or a list, found 5',
      '8:35 systems.billing.operations.a.arguments.q.required: expected true or false or a list, found "yes"',
    ]);
  });

  it('reports an openapi entry without source', () => {
    expect(issueLines(yaml('openapi:', '  - name: flowhub'))).toEqual([
      '2:5 openapi[0].source: missing required key "source"',
    ]);
  });

  it('reports a root that is not a map', () => {
    expect(issueLines(yaml('- a', '- b'))).toEqual(['1:1 : expected a map, found a list']);
  });

  it('reports all the issues of a file together, in file order', () => {
    const text = yaml(
      'naming: { strategy: flatt }',
      'systems:',
      '  billing:',
      '    base_url: https://billing.example.com',
      '    retry: 3',
      '    operations:',
      '      a: { method: FETCH, path: /a, tgs: [x] }',
    );
    const error = configError(text);
    expect(error.code).toBe('config_invalid');
    expect(error.issues.map((i) => `${i.line}:${i.column} ${i.path}`)).toEqual([
      '1:21 naming.strategy',
      '5:12 systems.billing.retry',
      '7:20 systems.billing.operations.a.method',
      '7:37 systems.billing.operations.a.tgs',
    ]);
    expect(error.issues[3]!.message).toBe('unknown key "tgs" — did you mean "tags"?');
  });
});
