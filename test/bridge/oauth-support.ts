import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flowhubConfigPath, startFlowHub } from '../../examples/flowhub/index.js';
import { seedDemoTenants } from '../../src/cli/demo-seed.js';
import { startPortico } from '../support/cli.js';
import type { FlowHubStack } from '../support/portico.js';
import { startTestPortico } from '../support/portico.js';

/** FlowHub + Portico with the built-in OAuth server (`access_token_ttl` as given) and one user per demo tenant. */
export async function startOAuthStack(
  accessTokenTtl: string,
  env: Record<string, string> = {},
): Promise<FlowHubStack & { password: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-oauth-'));
  const yaml = readFileSync(flowhubConfigPath, 'utf8').replace(
    'source: ./openapi.yaml',
    `source: ${join(flowhubConfigPath, '..', 'openapi.yaml')}`,
  );
  const config = join(dir, 'portico.yaml');
  writeFileSync(config, `${yaml}\noauth:\n  mode: builtin\n  access_token_ttl: ${accessTokenTtl}\n`);
  const flowhub = await startFlowHub({ host: '127.0.0.1', port: 0 });
  const portico = await startTestPortico(config, { FLOWHUB_URL: flowhub.url, ...env }, { noAuth: false });
  const tokens = await seedDemoTenants(portico.security, flowhub.workspaces);
  const password = 'correct horse battery staple';
  const users = portico.security.oauth?.users;
  if (users === undefined) throw new Error('the gateway started without the built-in OAuth server');
  await users.create({ tenantId: 'acme', email: 'ada@acme.example', password });
  return {
    flowhub,
    portico,
    tokens,
    password,
    close: async () => {
      await portico.close();
      await flowhub.close();
    },
  };
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (m?.[1] === undefined) throw new Error(`no hidden ${name} in page:\n${html.slice(0, 2000)}`);
  return m[1].replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/**
 * Post the gateway's sign-in and consent forms over plain HTTP (a non-browser client: no Origin),
 * starting from the authorization URL; returns the redirect (to the loopback callback) the consent
 * produces. The browser itself is exercised in the *browser* tests.
 */
export async function signInOverHttp(authUrl: string, email: string, password: string): Promise<string> {
  const origin = new URL(authUrl).origin;
  const page = await fetch(authUrl);
  const signIn = await page.text();
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${signIn.slice(0, 500)}`);
  const post = (form: [string, string][]) =>
    fetch(`${origin}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  const consentRes = await post([
    ['request', hidden(signIn, 'request')],
    ['step', 'signin'],
    ['email', email],
    ['password', password],
  ]);
  const consent = await consentRes.text();
  if (consentRes.status !== 200)
    throw new Error(`sign-in answered ${consentRes.status}: ${consent.slice(0, 500)}`);
  // Allow with every offered scope ticked, as the page comes.
  const ticked = [...consent.matchAll(/name="scope" value="([^"]+)" checked/g)].map((m): [string, string] => [
    'scope',
    m[1]!,
  ]);
  const done = await post([
    ['request', hidden(consent, 'request')],
    ['step', 'consent'],
    ['decision', 'approve'],
    ...ticked,
  ]);
  const location = done.headers.get('location');
  if (location === null) throw new Error(`consent answered ${done.status} without a redirect`);
  return location;
}

/** `portico login <url> --no-browser` (in process), signed in over HTTP; resolves with the CLI's output once it returns. */
export async function loginOverHttp(
  gatewayUrl: string,
  env: Record<string, string>,
  user: { email: string; password: string },
  extraArgs: string[] = [],
): Promise<{ code: number | null; output: string; callback: { status: number; body: string } }> {
  const login = await startPortico(
    ['login', gatewayUrl, '--no-browser', ...extraArgs],
    env,
    /(http:\/\/\S+\/oauth\/authorize\?\S+)/,
  );
  const redirect = await signInOverHttp(login.match[1]!, user.email, user.password);
  const cb = await fetch(redirect);
  const callback = { status: cb.status, body: await cb.text() };
  const code = await login.done;
  return { code, output: login.output(), callback };
}
