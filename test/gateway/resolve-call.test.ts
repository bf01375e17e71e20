import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPrincipal } from '../../src/auth/index.js';
import { isPorticoError } from '../../src/errors/index.js';
import { Gateway } from '../../src/gateway/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { loadCatalog } from '../../src/runtime/index.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/index.js';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.js';

const config = fileURLToPath(new URL('./gateway.yaml', import.meta.url));

describe('gateway.resolveCall: scope and target once, execute returns the outcome', () => {
  let upstream: FaultUpstream;
  let client: UpstreamClient;
  let gateway: Gateway;
  beforeAll(async () => {
    upstream = await startFaultUpstream();
    const { catalog, views } = await loadCatalog(config, { FAULT_URL: upstream.url });
    client = createUpstreamClient();
    gateway = new Gateway({ catalog, views, backends: { http: client }, logger: silentLogger() });
  });
  afterAll(async () => {
    await client.close();
    await upstream.close();
  });

  it('a direct read-only tool needs invoke and reports the upstream it called', async () => {
    const call = gateway.resolveCall('default', 'faults.get_item', { id: '7' });
    expect(call.requiredScope).toBe('mcp.tools.invoke');
    expect(call.target).toBe('faults.get_item');
    const { result, outcome } = await call.execute();
    expect(result.structuredContent).toMatchObject({ id: '7' });
    expect(outcome).toMatchObject({
      tool: 'faults.get_item',
      outcome: 'ok',
      system: 'faults',
      upstreamStatus: 200,
    });
    expect(typeof outcome.upstreamMs).toBe('number');
  });

  it('a write needs the write scope; an upstream failure is an upstream_error outcome', async () => {
    const write = gateway.resolveCall('default', 'faults.create_echo', { name: 'x' });
    expect(write.requiredScope).toBe('mcp.tools.write');
    const failing = await gateway.resolveCall('default', 'faults.fail_500').execute();
    expect(failing.result.isError).toBe(true);
    expect(failing.outcome).toMatchObject({
      outcome: 'upstream_error',
      upstreamStatus: 500,
      system: 'faults',
    });
  });

  it('arguments that fail the schema never reach the upstream', async () => {
    const before = upstream.seen.length;
    const { result, outcome } = await gateway.resolveCall('default', 'faults.get_item', { id: 5 }).execute();
    expect(result.isError).toBe(true);
    expect(outcome).toEqual({ tool: 'faults.get_item', outcome: 'invalid_arguments' });
    expect(upstream.seen.length).toBe(before);
  });

  it('a facade call needs the scope of the operation it picks', async () => {
    const read = gateway.resolveCall('ops', 'faults', { operation: 'get_item', id: '1' });
    expect(read).toMatchObject({ requiredScope: 'mcp.tools.invoke', target: 'faults.get_item' });
    const write = gateway.resolveCall('ops', 'faults', { operation: 'create_echo', name: 'n' });
    expect(write).toMatchObject({ requiredScope: 'mcp.tools.write', target: 'faults.create_echo' });
    const { result, outcome } = await write.execute();
    expect(result.structuredContent).toMatchObject({ method: 'POST', body: { name: 'n' } });
    expect(outcome).toMatchObject({ tool: 'faults', outcome: 'ok', upstreamStatus: 200 });
    const unroutable = gateway.resolveCall('ops', 'faults', { operation: 'nope' });
    expect(unroutable.requiredScope).toBe('mcp.tools.invoke');
    expect(unroutable.target).toBeUndefined();
    expect((await unroutable.execute()).outcome).toEqual({ tool: 'faults', outcome: 'invalid_arguments' });
  });

  it('a router call runs the branch of its provider', async () => {
    const call = gateway.resolveCall('accounts', 'account.get', { provider: 'ldap', id: '42' });
    expect(call).toMatchObject({ requiredScope: 'mcp.tools.invoke', target: 'ldap.b.account.get' });
    const { result, outcome } = await call.execute();
    expect(result.structuredContent).toMatchObject({ id: 'ldap-42' });
    expect(outcome).toMatchObject({ tool: 'account.get', outcome: 'ok', system: 'ldap_b' });
  });

  it('search_tools answers itself; call_tool needs the scope of the tool it names', async () => {
    const search = gateway.resolveCall('find', 'search_tools', { query: 'echo' });
    expect(search.requiredScope).toBe('mcp.tools.invoke');
    const found = await search.execute();
    expect(JSON.stringify(found.result.structuredContent)).toContain('faults.create_echo');
    expect(found.outcome).toEqual({ tool: 'search_tools', outcome: 'ok' });

    const call = gateway.resolveCall('find', 'call_tool', {
      name: 'faults.create_echo',
      arguments: { name: 'y' },
    });
    expect(call).toMatchObject({ requiredScope: 'mcp.tools.write', target: 'faults.create_echo' });
    expect((await call.execute()).outcome).toMatchObject({
      tool: 'call_tool:faults.create_echo',
      outcome: 'ok',
    });
    const unknown = gateway.resolveCall('find', 'call_tool', { name: 'faults.create_ech' });
    expect(unknown.requiredScope).toBe('mcp.tools.invoke');
    const answer = await unknown.execute();
    expect(answer.result.content[0]).toMatchObject({ text: expect.stringContaining('Did you mean') });
    expect(answer.outcome).toEqual({ tool: 'call_tool', outcome: 'invalid_arguments' });
  });

  it('whoami needs no scope; unknown tools need invoke and execute refuses them with suggestions', async () => {
    const whoami = gateway.resolveCall('default', 'whoami');
    expect(whoami.requiredScope).toBeUndefined();
    const me = await whoami.execute({ principal: devPrincipal({ id: 'acme', name: 'Acme' }) });
    expect(me.result.structuredContent).toMatchObject({ tenant: { id: 'acme' } });
    expect(me.outcome).toEqual({ tool: 'whoami', outcome: 'ok' });

    const unknown = gateway.resolveCall('default', 'faults.get_iten', {});
    expect(unknown.requiredScope).toBe('mcp.tools.invoke');
    const err = await unknown.execute().catch((e: unknown) => e);
    expect(isPorticoError(err, 'unknown_tool')).toBe(true);
    expect((err as Error).message).toContain('"faults.get_item"');
    const noView = await gateway
      .resolveCall('nope', 'whoami')
      .execute()
      .catch((e: unknown) => e);
    expect(isPorticoError(noView, 'unknown_view')).toBe(true);
  });

  it('a resolved call runs on the catalogue revision it was resolved on, even across a reload', async () => {
    const call = gateway.resolveCall('default', 'faults.get_item', { id: 'kept' });
    const { catalog, views } = await loadCatalog(config, { FAULT_URL: 'http://127.0.0.1:9' });
    const emptied = new Map([...views].map(([name, v]) => [name, { ...v, tools: [], byName: new Map() }]));
    gateway.replace(catalog, emptied);
    expect(gateway.resolveCall('default', 'faults.get_item', { id: 'x' }).requiredScope).toBe(
      'mcp.tools.invoke',
    );
    const { result, outcome } = await call.execute();
    expect(result.structuredContent).toMatchObject({ id: 'kept' });
    expect(outcome.upstreamStatus).toBe(200);
  });
});
