/**
 * Host names that only reach this machine. URL host names bracket IPv6 (`[::1]`), bind addresses
 * do not (`::1`), so both spellings are listed.
 */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True when `host` only accepts connections from this machine: a loopback name or any `127.x.y.z`. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}
