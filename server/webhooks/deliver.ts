// Delivers one webhook: signed POST with a 5 s timeout. Non-2xx and timeouts throw so the
// outbox retries with backoff; redirects are followed only within the same origin.
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

export async function deliverWebhook(d: Delivery, fetchImpl: typeof fetch = fetch): Promise<number> {
  let url = d.url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: 'POST',
        // manual: a receiver must never bounce our signed body to another host.
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json', 'user-agent': 'Switchboard-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(d.secret, d.body), 'X-Switchboard-Event': d.event, 'X-Switchboard-Delivery': d.eventId,
        },
        body: d.body,
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? `timed out after ${DELIVERY_TIMEOUT_MS} ms` : String((err as Error)?.message ?? err);
      throw new Error(`webhook ${url}: ${reason}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return res.status;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(d.url).origin) throw new PermanentJobError(`webhook ${d.url}: redirect to another host (${next.origin}) refused`);
      url = next.toString();
      continue;
    }
    throw new Error(`webhook ${url}: HTTP ${res.status}`);
  }
  throw new PermanentJobError(`webhook ${d.url}: too many redirects`);
}
