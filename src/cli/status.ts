import type { Command } from 'commander';
import {
  CredentialsStore,
  GatewayConnection,
  type GatewayCredentials,
  isBridgeError,
  normalizeGatewayUrl,
  tokenSourceFor,
} from '../bridge/index.js';

function describe(entry: GatewayCredentials): string {
  if (entry.kind === 'token') return 'static mcp_ token';
  const expiry =
    entry.access_expires_at === undefined
      ? 'access token expiry unknown'
      : Date.parse(entry.access_expires_at) > Date.now()
        ? `access token expires ${entry.access_expires_at}`
        : `access token expired ${entry.access_expires_at} (renewed on next use)`;
  return `OAuth sign-in via ${entry.issuer} (client ${entry.client_id}; scopes ${entry.scopes ?? '-'}; ${expiry}; ${entry.refresh_token !== undefined ? 'can renew' : 'cannot renew'})`;
}

async function whoami(store: CredentialsStore, url: string, entry: GatewayCredentials): Promise<string> {
  const gateway = new GatewayConnection({ endpoint: url, tokens: tokenSourceFor(url, entry, store) });
  try {
    const list = await gateway.listTools();
    const name = list.tools.find((t) => t.name === 'whoami' || t.name === 'portico_whoami')?.name ?? 'whoami';
    const r = await gateway.callTool({ name, arguments: {} });
    const first = r.content.find((c) => c.type === 'text');
    return first?.type === 'text' ? first.text : JSON.stringify(r.structuredContent ?? {});
  } catch (err) {
    return `cannot check: ${isBridgeError(err) || err instanceof Error ? err.message : String(err)}`;
  } finally {
    await gateway.close();
  }
}

/** `portico status [<gateway-url>]`: saved sign-ins and who the gateway says you are. */
export function registerStatus(program: Command): void {
  program
    .command('status [gateway-url]')
    .description('show saved sign-ins, their expiry and who each gateway says you are (its whoami tool)')
    .option('--offline', 'do not contact the gateways')
    .action(async (url: string | undefined, flags: { offline?: boolean }) => {
      try {
        const store = new CredentialsStore();
        const file = await store.read();
        const keys = url !== undefined ? [normalizeGatewayUrl(url)] : Object.keys(file.gateways).sort();
        if (keys.length === 0) {
          console.log(`No saved sign-ins (${store.path}). Sign in with: npx portico login <gateway-url>`);
          return;
        }
        for (const key of keys) {
          const entry = file.gateways[key];
          if (entry === undefined) {
            console.log(`${key}: not signed in. Run: npx portico login ${key}`);
            process.exitCode = 1;
            continue;
          }
          console.log(`${key}: ${describe(entry)}`);
          if (!flags.offline) console.log(`  ${await whoami(store, key, entry)}`);
        }
      } catch (err) {
        console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
        process.exitCode = 1;
      }
    });
}
