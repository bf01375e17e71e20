import { describe, expect, it } from 'vitest';
import { Metrics, OTHER_LABEL } from '../../src/observability/index.js';

/** The sample lines of `text` for metric `name` (exact name, any labels). */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('Metrics', () => {
  it('counts MCP requests by method, tool and outcome, with a duration histogram per method', async () => {
    const m = new Metrics({ collectDefault: false });
    m.observeRequest('tools/call', 'crm_get_contact', 'ok', 0.003);
    m.observeRequest('tools/call', 'crm_get_contact', 'ok', 0.2);
    m.observeRequest('tools/call', 'crm_get_contact', 'tool_error', 0.02);
    m.observeRequest('tools/list', undefined, 'ok', 0.0004);
    const text = await m.render();
    expect(samples(text, 'portico_mcp_requests_total').sort()).toEqual([
      'portico_mcp_requests_total{method="tools/call",tool="crm_get_contact",outcome="ok"} 2',
      'portico_mcp_requests_total{method="tools/call",tool="crm_get_contact",outcome="tool_error"} 1',
      'portico_mcp_requests_total{method="tools/list",tool="",outcome="ok"} 1',
    ]);
    expect(text).toContain('portico_mcp_request_duration_seconds_count{method="tools/call"} 3');
    expect(text).toContain('portico_mcp_request_duration_seconds_count{method="tools/list"} 1');
    expect(text).toContain('portico_mcp_request_duration_seconds_bucket{le="0.0005",method="tools/list"} 1');
    expect(text).toContain('portico_mcp_request_duration_seconds_bucket{le="0.005",method="tools/call"} 1');
    expect(text).toContain('portico_mcp_request_duration_seconds_bucket{le="0.25",method="tools/call"} 3');
    expect(text).toContain('portico_mcp_request_duration_seconds_bucket{le="10",method="tools/call"} 3');
    expect(text).toMatch(/portico_mcp_request_duration_seconds_sum\{method="tools\/call"\} 0\.223/);
    expect(text).toContain('# TYPE portico_mcp_request_duration_seconds histogram');
  });

  it('observes upstream calls by status class and counts errors (reasons and 5xx only)', async () => {
    const m = new Metrics({ collectDefault: false });
    m.observeUpstream('crm', 200, 0.01);
    m.observeUpstream('crm', 201, 0.01);
    m.observeUpstream('crm', 404, 0.01);
    m.observeUpstream('crm', 503, 0.5);
    m.observeUpstream('crm', 'timeout', 10);
    m.observeUpstream('billing', 'unreachable', 0.001);
    const text = await m.render();
    expect(text).toContain(
      'portico_upstream_request_duration_seconds_count{system="crm",status_class="2xx"} 2',
    );
    expect(text).toContain(
      'portico_upstream_request_duration_seconds_count{system="crm",status_class="4xx"} 1',
    );
    expect(text).toContain(
      'portico_upstream_request_duration_seconds_count{system="crm",status_class="5xx"} 1',
    );
    expect(text).toContain(
      'portico_upstream_request_duration_seconds_count{system="crm",status_class="error"} 1',
    );
    expect(text).toContain(
      'portico_upstream_request_duration_seconds_count{system="billing",status_class="error"} 1',
    );
    expect(samples(text, 'portico_upstream_errors_total').sort()).toEqual([
      'portico_upstream_errors_total{system="billing",reason="unreachable"} 1',
      'portico_upstream_errors_total{system="crm",reason="http_503"} 1',
      'portico_upstream_errors_total{system="crm",reason="timeout"} 1',
    ]);
  });

  it('counts limit rejections and authentication failures', async () => {
    const m = new Metrics({ collectDefault: false });
    m.limitRejected('token');
    m.limitRejected('token');
    m.limitRejected('tenant_quota');
    m.authFailed('invalid');
    m.authFailed('missing');
    m.authFailed('invalid');
    const text = await m.render();
    expect(samples(text, 'portico_limit_rejections_total').sort()).toEqual([
      'portico_limit_rejections_total{limit="tenant_quota"} 1',
      'portico_limit_rejections_total{limit="token"} 2',
    ]);
    expect(samples(text, 'portico_auth_failures_total').sort()).toEqual([
      'portico_auth_failures_total{reason="invalid"} 2',
      'portico_auth_failures_total{reason="missing"} 1',
    ]);
  });

  it('keeps separate counters per instance', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.authFailed('invalid');
    a.authFailed('invalid');
    b.authFailed('invalid');
    expect(a.registry).not.toBe(b.registry);
    expect(await a.render()).toContain('portico_auth_failures_total{reason="invalid"} 2');
    expect(await b.render()).toContain('portico_auth_failures_total{reason="invalid"} 1');
    expect(
      samples(await new Metrics({ collectDefault: false }).render(), 'portico_auth_failures_total'),
    ).toEqual([]);
  });

  it('includes process metrics by default and omits them on request', async () => {
    expect(await new Metrics().render()).toContain('process_cpu_user_seconds_total');
    expect(await new Metrics({ collectDefault: false }).render()).not.toContain(
      'process_cpu_user_seconds_total',
    );
  });

  it('serves the Prometheus text content type', () => {
    expect(new Metrics({ collectDefault: false }).contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('bounds label cardinality and ignores non-finite durations', async () => {
    const m = new Metrics({ collectDefault: false });
    for (let i = 0; i < 100; i++) m.observeRequest(`bogus/${i}`, undefined, 'error', 0.001);
    m.observeRequest('tools/call', 't', 'ok', Number.NaN);
    m.observeRequest('tools/call', 't', 'ok', -1);
    const text = await m.render();
    const methods = new Set(
      samples(text, 'portico_mcp_requests_total').map((l) => /method="([^"]*)"/.exec(l)?.[1]),
    );
    expect(methods.size).toBeLessThanOrEqual(34);
    expect(text).toContain(`portico_mcp_requests_total{method="${OTHER_LABEL}",tool="",outcome="error"} 68`);
    expect(text).toContain('portico_mcp_requests_total{method="tools/call",tool="t",outcome="ok"} 2');
    expect(text).toContain('portico_mcp_request_duration_seconds_count{method="tools/call"} 1');
  });
});
