import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/** The socket peer of a request (the Node adapter passes `incoming`; `unknown` in memory). */
export function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return unmapped(env?.incoming?.socket?.remoteAddress ?? 'unknown');
}

/** `::ffff:10.0.0.1` → `10.0.0.1` (IPv4 peers of a dual-stack socket). */
function unmapped(address: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return m?.[1] ?? address;
}

/** A `BlockList` of trusted proxies (addresses and CIDR blocks, as validated by the config schema). */
export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = '', bits] = entry.trim().split('/');
    const family = isIP(addr);
    if (family === 0) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client address of a request: the socket peer, unless that peer is one of `trustedProxies`
 * — then `X-Forwarded-For` read from the right, skipping further trusted proxies, so a client cannot
 * choose its address by sending the header itself. `trustedProxies` is read per request (config
 * reloads); its `BlockList` is rebuilt only when the list changes.
 */
export function clientAddressResolver(trustedProxies: () => readonly string[]): (c: Context) => string {
  let cachedFor: readonly string[] | undefined;
  let list = new BlockList();
  return (c) => {
    const peer = socketAddress(c);
    const proxies = trustedProxies();
    if (proxies.length === 0) return peer;
    if (proxies !== cachedFor) {
      list = proxyList(proxies);
      cachedFor = proxies;
    }
    if (!trusted(list, peer)) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => unmapped(h.trim()))
      .filter((h) => h !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return peer;
      if (!trusted(list, hop)) return hop;
    }
    return hops[0] ?? peer;
  };
}
