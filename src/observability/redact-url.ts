/** A connection URL with its password masked (`***`), safe for messages and logs. */
export function redactUrlPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** True when `url` parses and its scheme is one of `protocols` (e.g. `['redis:', 'rediss:']`). */
export function hasProtocol(url: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
