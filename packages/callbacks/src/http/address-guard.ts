import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { embeddedIpv4 } from './embedded-ipv4.ts';

/**
 * Addresses a callback must never reach unless the operator allows it: the app's URL is set by app admins,
 * so without this they could make the server call its own loopback, the LAN, or a cloud metadata endpoint.
 */
const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT, private to the provider
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.168.0.0', 16], // private
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed internally)
  ['ff00::', 8], // multicast
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): private to the operator's network
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv6');
}

/**
 * True for private, loopback, link-local, unspecified and multicast addresses, including the IPv6 spellings
 * that carry such an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo: see embedded-ipv4.ts).
 */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family === 6) {
    if (forbidden.check(address, 'ipv6')) return true;
    return embeddedIpv4(address).some((ipv4) => forbidden.check(ipv4, 'ipv4'));
  }
  return true;
}

/** Thrown (inside the connect path) when a callback target is refused; nothing has been sent. */
export class CallbackUrlRefusedError extends Error {
  readonly code = 'PARLEY_CALLBACK_URL_REFUSED';
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Refuses, before any I/O, what can be refused from the URL alone: other schemes, and IP literals in forbidden
 * ranges (the WHATWG parser has already normalised forms such as `http://2130706433/` to dotted quads).
 * Host names are checked at connect time by `guardedLookup`.
 */
export function checkCallbackUrl(url: URL, allowPrivateAddresses: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CallbackUrlRefusedError(`scheme ${url.protocol} is not http or https`);
  }
  const host = hostOf(url);
  if (!allowPrivateAddresses && isIP(host) !== 0 && isForbiddenAddress(host)) {
    throw new CallbackUrlRefusedError(`address ${host} is private, loopback, link-local or unspecified`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for the connection pool: resolves the name, refuses it when any of its addresses is forbidden, and
 * hands the checked addresses to the socket, which connects to exactly those. Resolving and checking in the
 * connect path itself leaves no window for DNS rebinding between check and connect.
 */
export function guardedLookup(
  allowPrivateAddresses: boolean,
  resolve: LookupFunction = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, resolved) => {
      if (error) {
        callback(error, '');
        return;
      }
      const addresses = Array.isArray(resolved) ? resolved : [{ address: resolved, family: isIP(resolved) }];
      const bad = addresses.find((entry) => isForbiddenAddress(entry.address));
      if (addresses.length === 0 || (bad && !allowPrivateAddresses)) {
        const detail = bad ? `${hostname} resolves to ${bad.address}` : `${hostname} has no address`;
        callback(new CallbackUrlRefusedError(`${detail}, which callbacks may not reach`), '');
        return;
      }
      if (options.all) {
        callback(null, addresses);
        return;
      }
      const [first] = addresses;
      callback(null, first?.address ?? '', first?.family);
    });
  };
}
