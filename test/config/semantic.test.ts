import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { BILLING, configError, issueLines, yaml } from './helpers.js';

const operation = (...lines: string[]) =>
  yaml(...BILLING, '    operations:', '      get_invoice:', ...lines.map((l) => `        ${l}`));

describe('parseConfig: semantic checks', () => {
  it('rejects a base_url that is not an absolute http(s) URL', () => {
    const [issue] = configError(
      yaml('systems:', '  billing:', '    base_url: billing.example.com/api'),
    ).issues;
    expect(issue).toEqual({
      file: 'portico.yaml',
      line: 3,
      column: 15,
      path: 'systems.billing.base_url',
      message: 'expected an absolute http(s) URL, found "billing.example.com/api"',
      expected: 'an absolute http(s) URL',
      found: '"billing.example.com/api"',
      hint: 'e.g. base_url: https://api.example.com/v1',
    });
    expect(issueLines(yaml('systems:', '  billing:', '    base_url: ftp://files.example.com'))).toEqual([
      '3:15 systems.billing.base_url: expected an absolute http(s) URL, found "ftp://files.example.com"',
    ]);
  });

  it('checks the oauth2 token_url and an openapi base_url and URL source', () => {
    const auth = '{ type: oauth2_client_credentials, token_url: /token, client_id: c, client_secret: s }';
    const text = yaml(
      ...BILLING,
      `    auth: ${auth}`,
      'openapi:',
      '  - { name: f, source: "htp://x", base_url: x }',
    );
    expect(issueLines(text)).toEqual([
      '4:57 systems.billing.auth.token_url: expected an absolute http(s) URL, found "/token"',
      '6:24 openapi[0].source: expected an absolute http(s) URL, found "htp://x"',
      '6:45 openapi[0].base_url: expected an absolute http(s) URL, found "x"',
    ]);
  });

  it('requires path to start with /', () => {
    expect(issueLines(operation('path: invoices'))).toEqual([
      '6:15 systems.billing.operations.get_invoice.path: expected a path starting with "/", found "invoices"',
    ]);
  });

  it('reports a path parameter without argument, with the YAML to add', () => {
    const [issue] = configError(operation('path: /invoices/{invoice_id}/lines')).issues;
    expect(issue).toEqual({
      file: 'portico.yaml',
      line: 6,
      column: 25,
      path: 'systems.billing.operations.get_invoice.path',
      message: 'path parameter {invoice_id} has no argument',
      hint: "declare it under the operation's arguments:\n  arguments:\n    invoice_id: { type: string }",
    });
  });

  it('reports a path parameter whose argument goes elsewhere', () => {
    expect(issueLines(operation('path: /invoices/{id}', 'arguments: { id: { in: query } }'))).toEqual([
      '6:15 systems.billing.operations.get_invoice.path: path parameter {id} has no path argument (argument "id" is in: query)',
    ]);
  });

  it('accepts a path parameter bound through `field`', () => {
    const text = operation('path: /invoices/{id}', 'arguments: { invoice_id: { in: path, field: id } }');
    expect(parseConfig(text, 'p.yaml', {}).systems[0]!.operations[0]!.arguments[0]!.required).toBe(true);
  });

  it('reports an `in: path` argument missing from the template', () => {
    expect(issueLines(operation('path: /invoices', 'arguments: { id: { in: path } }'))).toEqual([
      '7:32 systems.billing.operations.get_invoice.arguments.id.in: argument "id" is in: path but the path has no {id}',
    ]);
  });

  it('requires path arguments to be required', () => {
    const [issue] = configError(
      operation('path: /invoices/{id}', 'arguments:', '  id: { type: string, required: false }'),
    ).issues;
    expect(issue).toMatchObject({
      line: 8,
      column: 41,
      path: 'systems.billing.operations.get_invoice.arguments.id.required',
      message: 'path argument "id" must be required',
    });
  });

  it('reports unbalanced braces in the path', () => {
    expect(issueLines(operation('path: /invoices/{id'))).toEqual([
      '6:15 systems.billing.operations.get_invoice.path: unbalanced "{" or "}" in the path template',
    ]);
  });

  it('requires `body` to name a declared argument', () => {
    const text = operation(
      'method: PUT',
      'path: /lines',
      'body: line',
      'arguments: { lines: { type: array } }',
    );
    expect(issueLines(text)).toEqual([
      '8:15 systems.billing.operations.get_invoice.body: body names an undeclared argument "line" — did you mean "lines"?',
    ]);
  });

  it('checks system and operation names', () => {
    const text = yaml(
      'systems:',
      '  "billing api":',
      '    base_url: https://x.example',
      '    operations:',
      '      "get/invoice": { path: /x }',
    );
    expect(issueLines(text)).toEqual([
      '2:3 systems.billing api: invalid system name "billing api": expected 1 to 64 letters, digits, "_", "." or "-"',
      '5:7 systems.billing api.operations.get/invoice: invalid operation name "get/invoice": expected 1 to 64 letters, digits, "_", "." or "-"',
    ]);
    const long = 'a'.repeat(65);
    expect(issueLines(yaml('openapi:', `  - { name: ${long}, source: ./o.yaml }`))[0]).toMatch(
      /^2:13 openapi\[0\].name: invalid system name/,
    );
  });

  it('reports duplicate system names across systems and openapi', () => {
    const text = yaml(
      ...BILLING,
      'openapi:',
      '  - name: flowhub',
      '    source: ./a.yaml',
      '  - name: billing',
      '    source: ./b.yaml',
    );
    expect(configError(text).issues).toEqual([
      {
        file: 'portico.yaml',
        line: 7,
        column: 11,
        path: 'openapi[1].name',
        message: 'duplicate system name "billing"',
        hint: 'already used by systems.billing at line 2; names must be unique across systems, openapi and mcp_servers',
      },
    ]);
  });

  it('checks header names', () => {
    const text = yaml(
      ...BILLING,
      '    headers: { "X Client": a }',
      '    auth: { type: api_key, header: "Bad:Header", value: k }',
    );
    expect(issueLines(text).map((l) => l.split(': expected')[0])).toEqual([
      '4:16 systems.billing.headers.X Client: invalid header name "X Client"',
      '5:36 systems.billing.auth.header: invalid header name "Bad:Header"',
    ]);
  });

  it('checks the naming separator', () => {
    expect(issueLines(yaml('naming: { separator: "/" }'))).toEqual([
      '1:22 naming.separator: expected 1 to 8 letters, digits, "_", "." or "-", found "/"',
    ]);
  });
});
