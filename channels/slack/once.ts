// Work that must happen once per Slack event even when Slack redelivers it: an in-process guard
// for a retry racing the first delivery, and a durable marker for later retries.
import type { ChannelHost } from '../types.js';

const inFlight = new Set<string>();

/** Runs `work` unless `key` was done before; `work` returns false when there was nothing to do. */
export async function once(host: ChannelHost, key: string, work: () => Promise<boolean>): Promise<void> {
  const k = `slack:once:${key}`;
  // A retry can arrive while the first delivery is still being handled (we ack before working).
  if (inFlight.has(k)) return;
  inFlight.add(k);
  try {
    if (await host.state.get(k)) return;
    if (await work()) await host.state.set(k, String(Date.now()));
  } finally {
    inFlight.delete(k);
  }
}
