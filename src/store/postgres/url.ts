import { PorticoError } from '../../errors/index.js';

/** A PostgreSQL URL without its password, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Check that `url` is a `postgres://` or `postgresql://` URL; `invalid_input` naming the setting otherwise. */
export function checkPostgresUrl(url: string): void {
  let ok = false;
  try {
    const u = new URL(url);
    ok = u.protocol === 'postgres:' || u.protocol === 'postgresql:';
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new PorticoError(
      'invalid_input',
      `The database URL ${redactUrl(url)} is not a PostgreSQL URL. Set PORTICO_DATABASE_URL, --database-url or store.url to postgres://user:password@host:5432/database.`,
    );
  }
}
