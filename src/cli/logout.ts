import type { Command } from 'commander';
import {
  CredentialsStore,
  defaultCredentialsPath,
  normalizeGatewayUrl,
  revokeSignIn,
} from '../bridge/index.js';
import type { CliContext } from './context.js';

/** `portico logout <gateway-url>`: revoke the sign-in at the authorization server and forget it. */
export function registerLogout(program: Command, cli: CliContext): void {
  program
    .command('logout <gateway-url>')
    .description('revoke and remove the saved sign-in (or token) for a gateway')
    .action(async (url: string) => {
      try {
        const gatewayUrl = normalizeGatewayUrl(url);
        const store = new CredentialsStore(defaultCredentialsPath(cli.io.env));
        const entry = await store.get(gatewayUrl);
        if (entry === undefined) {
          cli.out(`Not signed in to ${gatewayUrl} (nothing in ${store.path}).`);
          return;
        }
        if (entry.kind === 'oauth') {
          const outcome = await revokeSignIn(entry);
          if (outcome === 'revoked') cli.out('Revoked the sign-in at the authorization server.');
          else if (outcome === 'no_endpoint')
            cli.out('The authorization server offers no revocation; the tokens expire on their own.');
          else if (outcome !== 'nothing_to_revoke')
            cli.err(`Could not revoke at the authorization server (${outcome.slice(8)}).`);
        } else {
          cli.out(
            'Removed the saved token; it still works elsewhere until an administrator revokes it (portico tokens revoke).',
          );
        }
        await store.remove(gatewayUrl);
        cli.out(`Logged out of ${gatewayUrl}.`);
      } catch (err) {
        cli.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
        cli.exitCode = 1;
      }
    });
}
