import type { Command } from 'commander';
import {
  type BridgeError,
  CredentialsStore,
  defaultCredentialsPath,
  GatewayConnection,
  type GatewayCredentials,
  isBridgeError,
  normalizeGatewayUrl,
  tokenSourceFor,
} from '../bridge/index.js';
import type { CliContext } from './context.js';

/** Exit code of `portico status` when a gateway refused the saved credentials (or none are saved). */
export const STATUS_REFUSED = 1;
/** Exit code of `portico status` when a gateway could not be asked (network, timeout, 5xx). */
export const STATUS_UNCHECKED = 2;

function describe(entry: GatewayCredentials): string {
  if (entry.kind === 'token') return 'static mcp_ token';
  const expiry =
    entry.access_expires_at === undefined
      ? 'access token expiry unknown'
      : Date.parse(entry.access_expires_at) > Date.now()
        ? `access token expires ${entry.access_expires_at}`
        : `access token expired ${entry.access_expires_at}`;
  return `OAuth sign-in via ${entry.issuer} (client ${entry.client_id}; scopes ${entry.scopes ?? '-'}; ${expiry}; ${entry.refresh_token !== undefined ? 'refresh token saved' : 'no refresh token'})`;
}

/** The outcome of asking the gateway who we are. */
type Check = { ok: true; who: string } | { ok: false; refused: boolean; message: string };

/** Failures that mean the saved credentials no longer work (as opposed to "could not ask"). */
function isRefusal(err: BridgeError): boolean {
  return (
    err.kind === 'auth' ||
    err.kind === 'refresh_rejected' ||
    err.kind === 'not_logged_in' ||
    err.kind === 'forbidden'
  );
}

/** Ask the gateway (its whoami tool), refreshing the access token first when it is due. */
async function check(
  store: CredentialsStore,
  url: string,
  entry: GatewayCredentials,
  env: Record<string, string | undefined>,
): Promise<Check> {
  const gateway = new GatewayConnection({ endpoint: url, tokens: tokenSourceFor(url, entry, store), env });
  try {
    const list = await gateway.listTools();
    const name = list.tools.find((t) => t.name === 'whoami' || t.name === 'portico_whoami')?.name ?? 'whoami';
    const r = await gateway.callTool({ name, arguments: {} });
    const first = r.content.find((c) => c.type === 'text');
    return { ok: true, who: first?.type === 'text' ? first.text : JSON.stringify(r.structuredContent ?? {}) };
  } catch (err) {
    if (isBridgeError(err)) return { ok: false, refused: isRefusal(err), message: err.message };
    // A JSON-RPC error from the gateway: it accepted the credentials.
    return { ok: false, refused: false, message: err instanceof Error ? err.message : String(err) };
  } finally {
    await gateway.close();
  }
}

/**
 * `portico status [<gateway-url>]`: saved sign-ins, checked with each gateway (whoami, renewing the
 * access token when due). Exits 1 when credentials are refused or missing, 2 when a gateway could
 * not be asked, 0 when every sign-in works.
 */
export function registerStatus(program: Command, cli: CliContext): void {
  program
    .command('status [gateway-url]')
    .description(
      'show saved sign-ins and check each with its gateway (whoami); exit 1 if a sign-in no longer works, 2 if a gateway cannot be reached',
    )
    .option('--offline', 'do not contact the gateways (shows what is saved; checks nothing)')
    .action(async (url: string | undefined, flags: { offline?: boolean }) => {
      try {
        const store = new CredentialsStore(defaultCredentialsPath(cli.io.env));
        const file = await store.read();
        const keys = url !== undefined ? [normalizeGatewayUrl(url)] : Object.keys(file.gateways).sort();
        if (keys.length === 0) {
          cli.out(`No saved sign-ins (${store.path}). Sign in with: npx portico login <gateway-url>`);
          return;
        }
        for (const key of keys) {
          const entry = file.gateways[key];
          if (entry === undefined) {
            cli.out(`${key}: not signed in. Run: npx portico login ${key}`);
            cli.worst(STATUS_REFUSED);
            continue;
          }
          cli.out(`${key}: ${describe(entry)}`);
          if (flags.offline) continue;
          const r = await check(store, key, entry, cli.io.env);
          if (r.ok) {
            cli.out(`  signed in: ${r.who}`);
          } else if (r.refused) {
            cli.out(`  NOT WORKING: ${r.message}`);
            cli.worst(STATUS_REFUSED);
          } else {
            cli.out(`  cannot check: ${r.message}`);
            cli.worst(STATUS_UNCHECKED);
          }
        }
      } catch (err) {
        cli.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
        cli.worst(STATUS_REFUSED);
      }
    });
}
