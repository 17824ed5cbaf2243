// Which addresses the server may connect to on an admin's say-so (webhook URLs): public unicast only.
// Loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local (fd00:ec2::254),
// carrier-grade NAT (100.100.100.200), multicast, reserved and tunnelled forms are refused, unless
// the admin allow-list names the host or a range holding the address.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface AllowList {
  /** Host names allowed whatever they resolve to, lowercased. */
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), ranges: [] };

/** Entries already validated (allowListEntry): host names, addresses, CIDR ranges. */
export function compileAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (ipaddr.isValidCIDR(e)) ranges.push(ipaddr.parseCIDR(e));
    else if (ipaddr.isValid(e)) {
      const a = ipaddr.process(e);
      ranges.push([a, a.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(e);
  }
  return { hosts, ranges };
}

/** Null for a public unicast address, else the name of its range (for the error). */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  // ::ffff:127.0.0.1 is judged as 127.0.0.1.
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

function inRanges(address: string, allow: AllowList): boolean {
  const a = ipaddr.process(address);
  return allow.ranges.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits));
}

export class OutboundRefused extends Error {}

/** Throws OutboundRefused unless every address may be connected to for this host. */
export function checkAddresses(host: string, addresses: readonly string[], allow: AllowList): void {
  if (allow.hosts.has(host.toLowerCase())) return;
  if (!addresses.length) throw new OutboundRefused(`${host} does not resolve`);
  for (const address of addresses) {
    const range = forbiddenRange(address);
    if (range && !inRanges(address, allow)) throw new OutboundRefused(`${host} is ${address === host ? '' : `${address}, `}a ${range} address: not allowed (an admin can add it to the outbound allow-list)`);
  }
}

/** The host part of a URL, without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Resolves the URL's host and checks every address (for saving a URL). */
export async function checkUrl(url: URL, allow: AllowList): Promise<void> {
  const host = hostOf(url);
  if (ipaddr.isValid(host)) return checkAddresses(host, [host], allow);
  if (allow.hosts.has(host.toLowerCase())) return;
  const addresses = await new Promise<string[]>((resolve) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, found) => resolve(err ? [] : found.map((f) => f.address))));
  checkAddresses(host, addresses, allow);
}

/**
 * A `lookup` for net/http that checks every address a name resolves to before any connection, so
 * the socket only ever goes to a checked address (no second resolution to rebind in between).
 */
export function guardedLookup(allow: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, found) => {
      if (err) return callback(err, '');
      try {
        checkAddresses(hostname, found.map((f) => f.address), allow);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, found);
      callback(null, found[0]!.address, found[0]!.family);
    });
  };
}
