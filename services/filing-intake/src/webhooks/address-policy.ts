/**
 * Which addresses a webhook may reach (SSRF protection). Only public unicast addresses: never
 * private (10/8, 172.16/12, 192.168/16), loopback, link-local (169.254/16 — the cloud metadata
 * endpoint 169.254.169.254 — and fe80::/10), CGNAT 100.64/10, unique-local fc00::/7, multicast,
 * unspecified, broadcast, reserved / documentation / benchmarking ranges, IPv6 outside 2000::/3, nor
 * IPv4-mapped (::ffff:a.b.c.d) or other IPv4-embedding forms of them. The ranges are ipaddr.js's
 * `range()`: anything it does not call `unicast` is refused.
 *
 * Checked twice: at registration (every address the host resolves to must be public) and at each
 * delivery, where `publicOnlyLookup` is the socket's own resolver — the connection goes to the very
 * address that was checked, so a name that re-resolves to a private address later (DNS rebinding)
 * is refused instead of connected to.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { WEBHOOK_DNS_TIMEOUT_MS } from '../definitions';

export const AddressErrorCodes = {
  /** The host is, or resolves to, an address that is not public. */
  WEBHOOK_URL_NOT_PUBLIC: 'WEBHOOK_URL_NOT_PUBLIC',
  /** The host does not resolve. */
  WEBHOOK_URL_NOT_RESOLVABLE: 'WEBHOOK_URL_NOT_RESOLVABLE',
} as const;

/** Global unicast IPv6 (RFC 4291 §2.4): everything else is special-purpose or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** ipaddr.js's range of an address, IPv4-mapped IPv6 judged as its IPv4; `invalid` if unparsable. */
export const addressRange = (address: string): string => {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return (parsed as ipaddr.IPv4).range();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  const range = v6.range();
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST_V6)) return 'reserved';
  return range;
};

export const isPublicAddress = (address: string): boolean => addressRange(address) === 'unicast';

/** A host that is or resolves to a non-public address; `range` says which kind (never sent to callers). */
export class NonPublicAddressError extends Error {
  readonly code = AddressErrorCodes.WEBHOOK_URL_NOT_PUBLIC;
  readonly range: string;
  constructor(host: string, range: string) {
    super(`${host} is not a public address (${range})`);
    this.name = 'NonPublicAddressError';
    this.range = range;
  }
}

/** Resolves a host name to all its addresses (dns.lookup, as sockets do). Injected in tests. */
export type LookupAll = (host: string) => Promise<LookupAddress[]>;
export const systemLookupAll: LookupAll = (host) => dns.lookup(host, { all: true, verbatim: true });

/** A URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** `lookupAll(host)`, or an ETIMEOUT error after `ms`. */
const lookupWithin = (lookupAll: LookupAll, host: string, ms: number): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`resolving ${host} took over ${ms} ms`), { code: 'ETIMEOUT' })), ms);
    lookupAll(host).then(
      (addresses) => {
        clearTimeout(timer);
        resolve(addresses);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });

/**
 * The addresses of `host`, every one of them public; throws NonPublicAddressError if any is not
 * (one private answer is enough to refuse: the socket could pick it), or the resolver's error
 * (ETIMEOUT after `timeoutMs`).
 */
export const resolvePublic = async (host: string, lookupAll: LookupAll = systemLookupAll, timeoutMs = WEBHOOK_DNS_TIMEOUT_MS): Promise<LookupAddress[]> => {
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await lookupWithin(lookupAll, host, timeoutMs);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
  for (const a of addresses) {
    const range = addressRange(a.address);
    if (range !== 'unicast') throw new NonPublicAddressError(host, range);
  }
  return addresses;
};

/**
 * A `lookup` for net / http(s) sockets that only ever yields checked public addresses (honouring a
 * requested family and `all`), and fails the connection otherwise.
 */
export const publicOnlyLookup =
  (lookupAll: LookupAll = systemLookupAll): LookupFunction =>
  (hostname: string, options: LookupOptions, callback) => {
    resolvePublic(hostname, lookupAll).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
        const first = usable[0];
        if (first === undefined) {
          callback(Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }), '', wanted);
        } else if (options.all === true) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
