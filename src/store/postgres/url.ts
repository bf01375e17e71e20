import { PorticoError } from '../../errors/index.js';
import { hasProtocol, redactUrlPassword } from '../../observability/index.js';

/** A PostgreSQL URL without its password, safe for messages and logs. */
export const redactUrl = redactUrlPassword;

/** Check that `url` is a `postgres://` or `postgresql://` URL; `invalid_input` naming the setting otherwise. */
export function checkPostgresUrl(url: string): void {
  if (!hasProtocol(url, ['postgres:', 'postgresql:'])) {
    throw new PorticoError(
      'invalid_input',
      `The database URL ${redactUrl(url)} is not a PostgreSQL URL. Set PORTICO_DATABASE_URL, --database-url or store.url to postgres://user:password@host:5432/database.`,
    );
  }
}
