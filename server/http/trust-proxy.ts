// TRUST_PROXY: which reverse proxies may say who the client is. Express then takes the client address
// from X-Forwarded-For walking right to left over trusted hops only, so what a client writes into that
// header itself (the entries left of the proxies' own) is never taken for its address.
import ipaddr from 'ipaddr.js';

/** false: no proxy; a number: that many proxy hops in front; a list: proxies by address or subnet. */
export type TrustProxy = false | number | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);
const OFF = new Set(['false', '0', 'no', 'off']);
const ONE_HOP = new Set(['true', 'yes', 'on']);

const isAddressOrSubnet = (v: string) => NAMED.has(v) || ipaddr.isValid(v) || ipaddr.isValidCIDR(v);

/** Throws a message for the config error when the value is none of the documented forms. */
export function parseTrustProxy(raw: string): TrustProxy {
  const v = raw.trim().toLowerCase();
  if (OFF.has(v)) return false;
  // `true` used to trust every hop (the leftmost, client-written address): now it means the one proxy in front.
  if (ONE_HOP.has(v)) return 1;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error('must be at most 10 proxy hops');
    return hops === 0 ? false : hops;
  }
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((s) => !isAddressOrSubnet(s));
  if (!list.length || bad !== undefined) throw new Error(`must be false, true (one proxy), a number of proxy hops, or proxy addresses/subnets such as 10.0.0.0/8,loopback${bad ? ` (not an address or subnet: ${bad})` : ''}`);
  return list;
}
