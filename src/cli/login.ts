import type { Command } from 'commander';
import {
  BridgeError,
  CredentialsStore,
  defaultCredentialsPath,
  loginWithOAuth,
  loginWithToken,
  normalizeGatewayUrl,
  stderrLog,
} from '../bridge/index.js';
import type { CliContext } from './context.js';
import { readStdin } from './io.js';

interface LoginFlags {
  token?: string;
  tokenStdin?: boolean;
  scopes?: string;
  browser: boolean;
  clientId?: string;
  clientSecret?: string;
  clientMetadataUrl?: string;
  callbackPort?: string;
  timeout?: string;
}

/** `portico login <gateway-url>`: OAuth sign-in in the browser, or save a static mcp_ token. */
export function registerLogin(program: Command, cli: CliContext): void {
  program
    .command('login <gateway-url>')
    .description(
      'sign in to a hosted Portico gateway (browser OAuth) or save an mcp_ token, for portico connect',
    )
    .option(
      '--token <mcp_token>',
      'save this mcp_ token instead of signing in (checked with a tools/list call first)',
    )
    .option('--token-stdin', 'read the mcp_ token from stdin (keeps it out of shell history)')
    .option(
      '--scopes <list>',
      'scopes to request, e.g. "mcp.tools.discovery mcp.tools.invoke" (default: what the gateway asks)',
    )
    .option('--no-browser', 'print the sign-in URL instead of opening a browser')
    .option('--client-id <id>', 'use a client registered beforehand instead of dynamic registration')
    .option('--client-secret <secret>', 'secret of --client-id, if it is confidential')
    .option(
      '--client-metadata-url <url>',
      'https URL of this client’s metadata document (CIMD), when the server supports it',
    )
    .option('--callback-port <port>', 'loopback port for the sign-in redirect (default: a free port)')
    .option('--timeout <seconds>', 'how long to wait for the browser sign-in (default 300)')
    .action(async (url: string, flags: LoginFlags) => {
      const { io } = cli;
      const log = stderrLog(io.env, io.stderr);
      try {
        const gatewayUrl = normalizeGatewayUrl(url);
        const store = new CredentialsStore(defaultCredentialsPath(io.env));
        const token = flags.tokenStdin ? (await readStdin(io)).trim() : flags.token;
        if (token !== undefined) {
          const { tools } = await loginWithToken(store, gatewayUrl, token, io.env);
          cli.out(`Token checked (${tools} tools visible) and saved for ${gatewayUrl} in ${store.path}.`);
          cli.out(`Use it from an MCP client with: npx portico connect ${gatewayUrl}`);
          return;
        }
        const entry = await loginWithOAuth({
          gatewayUrl,
          store,
          log,
          ...(flags.scopes !== undefined ? { scopes: flags.scopes } : {}),
          ...(flags.clientId !== undefined ? { clientId: flags.clientId } : {}),
          ...(flags.clientSecret !== undefined ? { clientSecret: flags.clientSecret } : {}),
          ...(flags.clientMetadataUrl !== undefined ? { clientMetadataUrl: flags.clientMetadataUrl } : {}),
          ...(flags.callbackPort !== undefined ? { callbackPort: Number(flags.callbackPort) } : {}),
          ...(flags.timeout !== undefined ? { timeoutMs: Number(flags.timeout) * 1000 } : {}),
          presentUrl: async (authUrl) => {
            if (flags.browser) {
              try {
                await io.openBrowser(authUrl);
                cli.err('Opened your browser to sign in. If it did not open, visit:');
              } catch {
                cli.err('Could not open a browser. Visit this URL to sign in:');
              }
            } else {
              cli.err('Visit this URL to sign in:');
            }
            cli.err(`\n  ${authUrl}\n`);
            cli.err('Waiting for the sign-in to finish…');
          },
        });
        const expires = entry.access_expires_at !== undefined ? `; access renews automatically` : '';
        cli.out(
          `Signed in to ${gatewayUrl} (scopes ${entry.scopes ?? 'default'}${expires}). Saved in ${store.path}.`,
        );
        cli.out(`Use it from an MCP client with: npx portico connect ${gatewayUrl}`);
      } catch (err) {
        cli.err(err instanceof BridgeError || err instanceof Error ? `Error: ${err.message}` : String(err));
        cli.exitCode = 1;
      }
    });
}
