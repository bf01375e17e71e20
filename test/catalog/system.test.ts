import { describe, expect, it } from 'vitest';
import { systemOperations } from '../../src/catalog/index.js';
import { isPorticoError } from '../../src/errors/index.js';
import { arg, yamlOp, yamlSystem } from './helpers.js';

describe('systemOperations', () => {
  it('resolves each argument`s `in`: path when templated, else query for GET/HEAD/DELETE/OPTIONS, else body', () => {
    const sys = yamlSystem('billing', [
      yamlOp('get_invoice', {
        path: '/invoices/{invoice_id}',
        arguments: [arg('invoice_id'), arg('expand')],
      }),
      yamlOp('delete_invoice', {
        method: 'DELETE',
        path: '/invoices/{id}',
        arguments: [arg('id'), arg('force')],
      }),
      yamlOp('create_invoice', {
        method: 'POST',
        path: '/invoices',
        arguments: [
          arg('customer', { required: true }),
          arg('amount_cents', { field: 'amountCents', schema: { type: 'integer' } }),
          arg('idempotency_key', { in: 'header', field: 'Idempotency-Key' }),
        ],
      }),
    ]);
    const [get, del, create] = systemOperations(sys);
    expect(get!.params.map((p) => [p.name, p.in, p.wireName, p.required])).toEqual([
      ['invoice_id', 'path', 'invoice_id', true],
      ['expand', 'query', 'expand', false],
    ]);
    expect(del!.params.map((p) => [p.name, p.in])).toEqual([
      ['id', 'path'],
      ['force', 'query'],
    ]);
    expect(create!.params.map((p) => [p.name, p.in, p.wireName, p.required])).toEqual([
      ['customer', 'body', 'customer', true],
      ['amount_cents', 'body', 'amountCents', false],
      ['idempotency_key', 'header', 'Idempotency-Key', false],
    ]);
    expect(create!.system).toBe('billing');
    expect(create!.source).toEqual({
      file: '/cfg/portico.yaml',
      line: 12,
      path: 'systems.x.operations.create_invoice',
    });
  });

  it('treats a templated argument with a field as a path param under its wire name', () => {
    const [op] = systemOperations(
      yamlSystem('s', [
        yamlOp('get_flow', { path: '/flows/{flowId}', arguments: [arg('flow', { field: 'flowId' })] }),
      ]),
    );
    expect(op!.params[0]).toMatchObject({ name: 'flow', in: 'path', wireName: 'flowId', required: true });
  });

  it('keeps a whole-body argument in the body even for methods that default to query', () => {
    const [op] = systemOperations(
      yamlSystem('s', [
        yamlOp('replace_lines', {
          method: 'PUT',
          path: '/invoices/{invoice_id}/lines',
          body: { kind: 'argument', param: 'lines' },
          arguments: [arg('invoice_id'), arg('lines', { schema: { type: 'array' } })],
        }),
      ]),
    );
    expect(op!.body).toEqual({ kind: 'argument', param: 'lines' });
    expect(op!.params[1]).toMatchObject({ name: 'lines', in: 'body' });
  });

  it('defaults annotations from the method and applies explicit ones', () => {
    const ops = systemOperations(
      yamlSystem('s', [
        yamlOp('a', { method: 'GET' }),
        yamlOp('b', { method: 'POST' }),
        yamlOp('c', { method: 'PUT' }),
        yamlOp('d', { method: 'DELETE' }),
        yamlOp('e', { method: 'PATCH', annotations: { idempotent: true, openWorld: true } }),
        yamlOp('f', { method: 'DELETE', annotations: { destructive: false } }),
      ]),
    );
    expect(ops.map((o) => o.annotations)).toEqual([
      { readOnly: true, destructive: false, idempotent: true, openWorld: false },
      { readOnly: false, destructive: false, idempotent: false, openWorld: false },
      { readOnly: false, destructive: false, idempotent: true, openWorld: false },
      { readOnly: false, destructive: true, idempotent: true, openWorld: false },
      { readOnly: false, destructive: false, idempotent: true, openWorld: true },
      { readOnly: false, destructive: false, idempotent: true, openWorld: false },
    ]);
  });

  it('rejects a path placeholder without an argument and an in:path argument missing from the path', () => {
    const missing = () => systemOperations(yamlSystem('s', [yamlOp('get_flow', { path: '/flows/{flow}' })]));
    expect(missing).toThrowError(
      /systems\.s\.operations\.get_flow \(\/cfg\/portico\.yaml:12\).*\{flow\}.*declare an argument "flow"/,
    );
    const stray = () =>
      systemOperations(
        yamlSystem('s', [yamlOp('get_flow', { path: '/flows', arguments: [arg('flow', { in: 'path' })] })]),
      );
    expect(stray).toThrowError(/argument "flow" is "in: path" but the path "\/flows" has no \{flow\}/);
    try {
      missing();
    } catch (err) {
      expect(isPorticoError(err, 'config_invalid')).toBe(true);
    }
  });

  it('rejects `body: <arg>` naming no body argument', () => {
    const bad = () =>
      systemOperations(
        yamlSystem('s', [yamlOp('put_x', { method: 'PUT', body: { kind: 'argument', param: 'payload' } })]),
      );
    expect(bad).toThrowError(/"body: payload" must name an argument/);
  });
});
