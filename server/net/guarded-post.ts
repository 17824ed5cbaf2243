// One outbound HTTP POST to an admin-given URL, through the address policy: an IP literal is checked
// before connecting, a host name by the socket's own lookup (every address, then connect to one of
// them). Redirects are not followed here; the caller decides.
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { checkAddresses, guardedLookup, hostOf, type AllowList } from './address-policy.js';

export interface PostResult { status: number; location: string | null }

export function guardedPost(url: URL, opts: { headers: Record<string, string>; body: string; timeoutMs: number; allow: AllowList }): Promise<PostResult> {
  const host = hostOf(url);
  if (ipaddr.isValid(host)) checkAddresses(host, [host], opts.allow);
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', headers: { ...opts.headers, 'content-length': Buffer.byteLength(opts.body) },
      lookup: guardedLookup(opts.allow), signal: AbortSignal.timeout(opts.timeoutMs), agent: false,
    }, (res) => {
      // Only the status matters: drain the body so the socket closes.
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: typeof res.headers.location === 'string' ? res.headers.location : null }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
