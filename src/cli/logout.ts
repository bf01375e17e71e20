import type { Command } from 'commander';
import { CredentialsStore, normalizeGatewayUrl, revokeSignIn } from '../bridge/index.js';

/** `portico logout <gateway-url>`: revoke the sign-in at the authorization server and forget it. */
export function registerLogout(program: Command): void {
  program
    .command('logout <gateway-url>')
    .description('revoke and remove the saved sign-in (or token) for a gateway')
    .action(async (url: string) => {
      try {
        const gatewayUrl = normalizeGatewayUrl(url);
        const store = new CredentialsStore();
        const entry = await store.get(gatewayUrl);
        if (entry === undefined) {
          console.log(`Not signed in to ${gatewayUrl} (nothing in ${store.path}).`);
          return;
        }
        if (entry.kind === 'oauth') {
          const outcome = await revokeSignIn(entry);
          if (outcome === 'revoked') console.log('Revoked the sign-in at the authorization server.');
          else if (outcome === 'no_endpoint')
            console.log('The authorization server offers no revocation; the tokens expire on their own.');
          else if (outcome !== 'nothing_to_revoke')
            console.error(`Could not revoke at the authorization server (${outcome.slice(8)}).`);
        } else {
          console.log(
            'Removed the saved token; it still works elsewhere until an administrator revokes it (portico tokens revoke).',
          );
        }
        await store.remove(gatewayUrl);
        console.log(`Logged out of ${gatewayUrl}.`);
      } catch (err) {
        console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
        process.exitCode = 1;
      }
    });
}
