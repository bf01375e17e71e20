// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are YAML using the ${VAR} syntax under test
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfig } from '../../src/config/index.js';
import { BILLING, configError, issueLines, yaml } from './helpers.js';

const withAuth = (...auth: string[]) => yaml(...BILLING, '    auth:', ...auth.map((l) => `      ${l}`));

describe('parseConfig: ${VAR} interpolation', () => {
  it('replaces variables anywhere in a string', () => {
    const text = yaml(
      'systems:',
      '  billing:',
      '    base_url: https://${HOST}:${PORT}/api',
      '    description: "${NAME} API"',
    );
    const [system] = parseConfig(text, 'portico.yaml', {
      HOST: 'billing.internal',
      PORT: '8443',
      NAME: 'Billing',
    }).systems;
    expect(system).toMatchObject({
      baseUrl: 'https://billing.internal:8443/api',
      description: 'Billing API',
    });
  });

  it('uses the default when the variable is unset or empty, and the value when set', () => {
    const text = withAuth('type: bearer', 'token: ${TOKEN:-dev-token}');
    const token = (env: Record<string, string | undefined>) =>
      parseConfig(text, 'p.yaml', env).systems[0]!.auth;
    expect(token({})).toEqual({ type: 'bearer', token: 'dev-token' });
    expect(token({ TOKEN: '' })).toEqual({ type: 'bearer', token: 'dev-token' });
    expect(token({ TOKEN: 'prod-token' })).toEqual({ type: 'bearer', token: 'prod-token' });
  });

  it('allows an empty default', () => {
    const text = yaml(...BILLING, '    description: "${DESC:-}"');
    expect(parseConfig(text, 'p.yaml', {}).systems[0]!.description).toBe('');
  });

  it('turns numeric and boolean variables into numbers and booleans', () => {
    const text = yaml(...BILLING, '    timeout_ms: ${TIMEOUT:-5000}', '    retry: ${RETRY}');
    const [system] = parseConfig(text, 'p.yaml', { RETRY: 'false' }).systems;
    expect(system).toMatchObject({ timeoutMs: 5000, retry: false });
  });

  it('reads $${ as a literal ${', () => {
    const text = yaml(...BILLING, '    description: "costs $${AMOUNT}"');
    expect(parseConfig(text, 'p.yaml', { AMOUNT: 'x' }).systems[0]!.description).toBe('costs ${AMOUNT}');
  });

  it('reports a missing variable as config_env_missing at the reference', () => {
    const error = configError(withAuth('type: api_key', 'value: ${BILLING_KEY}'));
    expect(error.code).toBe('config_env_missing');
    expect(error.issues).toEqual([
      {
        file: 'portico.yaml',
        line: 6,
        column: 14,
        path: 'systems.billing.auth.value',
        message: 'environment variable BILLING_KEY is not set',
        hint: 'set BILLING_KEY in the environment, or give a default: ${BILLING_KEY:-value}',
      },
    ]);
  });

  it('points at the reference inside a longer string', () => {
    expect(issueLines(yaml('systems:', '  billing:', '    base_url: "https://${HOST}/api"'))).toEqual([
      '3:24 systems.billing.base_url: environment variable HOST is not set',
    ]);
  });

  it('reports every missing variable, and is config_invalid when other issues exist too', () => {
    const text = yaml(
      ...BILLING,
      '    auth: { type: basic, username: "${USER_X}", password: "${PASS_X}" }',
      '    retry: sometimes',
    );
    const error = configError(text);
    expect(error.code).toBe('config_invalid');
    expect(error.issues.map((i) => i.message)).toEqual([
      'environment variable USER_X is not set',
      'environment variable PASS_X is not set',
      'expected true or false, found "sometimes"',
    ]);
  });

  it('does not report other issues on a value whose variable is missing', () => {
    expect(issueLines(yaml('systems:', '  billing:', '    base_url: ${BILLING_URL}'))).toEqual([
      '3:15 systems.billing.base_url: environment variable BILLING_URL is not set',
    ]);
  });

  it('never echoes an interpolated value in issues', () => {
    const secret = 'not-a-url-s3cr3t';
    const error = configError(
      yaml('systems:', '  billing:', '    base_url: ${BILLING_URL}', '    timeout_ms: ${T}'),
      {
        BILLING_URL: secret,
        T: `${secret}-2`,
      },
    );
    expect(error.issues.map((i) => [i.path, i.message, i.found])).toEqual([
      [
        'systems.billing.base_url',
        'expected an absolute http(s) URL, found "${BILLING_URL}"',
        '"${BILLING_URL}"',
      ],
      ['systems.billing.timeout_ms', 'expected a number, found "${T}"', '"${T}"'],
    ]);
    expect(JSON.stringify(error.issues)).not.toContain(secret);
    expect(formatConfigIssues(error.issues)).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });

  it('does not suggest from an interpolated enum value', () => {
    const text = yaml(...BILLING, '    operations:', '      a: { method: "${M}", path: /a }');
    expect(issueLines(text, { M: 'GETT' })).toEqual([
      '5:20 systems.billing.operations.a.method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, found "${M}"',
    ]);
  });

  it('reports malformed and unterminated references', () => {
    const text = yaml(...BILLING, '    description: "${1X} and ${OPEN"');
    expect(configError(text).issues.map((i) => [i.column, i.message])).toEqual([
      [19, 'invalid variable reference "${1X}"'],
      [29, 'unterminated variable reference "${"'],
    ]);
  });

  it('leaves keys alone', () => {
    const text = yaml(...BILLING, '    headers: { X-Env: "${ENV_NAME}" }');
    expect(parseConfig(text, 'p.yaml', { ENV_NAME: 'prod' }).systems[0]!.headers).toEqual({
      'X-Env': 'prod',
    });
  });
});
