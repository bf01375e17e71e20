import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent } from 'undici';

/** Address ranges a server-side fetch of a client-supplied URL must never reach (SSRF). */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** True when `address` (IPv4 or IPv6, incl. IPv4-mapped IPv6) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return !PRIVATE.check(mapped[1] as string, 'ipv4');
  return !PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why `url`'s host may not be fetched (an IP literal in a private range), or undefined. */
export function literalHostProblem(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !isPublicAddress(host)) return `${host} is not a public address`;
  return undefined;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * An undici agent whose DNS lookup refuses private, loopback, link-local and multicast
 * addresses, so a client-supplied URL (a Client ID Metadata Document) cannot make the gateway
 * reach its own network. (IP literals skip DNS: check them with {@link literalHostProblem}.)
 */
export const publicOnlyAgent = new Agent({
  connect: {
    lookup(hostname: string, options: { all?: boolean }, callback: LookupCallback) {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err !== null) return callback(err, []);
        const bad = addresses.find((a) => !isPublicAddress(a.address));
        if (bad !== undefined || addresses.length === 0) {
          const e: NodeJS.ErrnoException = new Error(
            `${hostname} resolves to ${bad?.address ?? 'no address'}, which is not a public address`,
          );
          e.code = 'EADDRNOTPUBLIC';
          return callback(e, []);
        }
        if (options.all === true) return callback(null, addresses);
        const first = addresses[0] as LookupAddress;
        return callback(null, first.address, first.family);
      });
    },
  },
});
