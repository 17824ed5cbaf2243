// Delivers one webhook: signed POST with a 5 s timeout. Non-2xx and timeouts throw so the
// outbox retries with backoff; redirects are followed only within the same origin. Every hop goes
// through the outbound address policy: a loopback, private or metadata address is never connected to
// (unless the admin allow-list opens it), and that refusal is permanent.
import { OutboundRefused, type AllowList } from '../net/address-policy.js';
import { guardedPost, type PostResult } from '../net/guarded-post.js';
import { PermanentJobError } from '../outbox/outbox.js';
import { SIGNATURE_HEADER, signPayload } from './sign.js';

export const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_REDIRECTS = 3;

export interface Delivery {
  url: string;
  secret: string;
  body: string;
  eventId: string;
  event: string;
}

export async function deliverWebhook(d: Delivery, allow: AllowList): Promise<number> {
  let url = new URL(d.url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: PostResult;
    try {
      res = await guardedPost(url, {
        allow, timeoutMs: DELIVERY_TIMEOUT_MS, body: d.body,
        headers: {
          'content-type': 'application/json', 'user-agent': 'Switchboard-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(d.secret, d.body), 'X-Switchboard-Event': d.event, 'X-Switchboard-Delivery': d.eventId,
        },
      });
    } catch (err) {
      if (err instanceof OutboundRefused) throw new PermanentJobError(`webhook ${url}: ${err.message}`);
      const reason = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError') ? `timed out after ${DELIVERY_TIMEOUT_MS} ms` : String((err as Error)?.message ?? err);
      throw new Error(`webhook ${url}: ${reason}`);
    }
    if (res.status >= 200 && res.status < 300) return res.status;
    if (res.status >= 300 && res.status < 400 && res.location) {
      // A receiver must never bounce our signed body to another host.
      const next = new URL(res.location, url);
      if (next.origin !== new URL(d.url).origin) throw new PermanentJobError(`webhook ${d.url}: redirect to another host (${next.origin}) refused`);
      url = next;
      continue;
    }
    throw new Error(`webhook ${url}: HTTP ${res.status}`);
  }
  throw new PermanentJobError(`webhook ${d.url}: too many redirects`);
}
