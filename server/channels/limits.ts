// Reply limits per channel, from the adapters' declared capabilities: the one place the server and
// the console learn how long a reply may be. Realtime chat is bounded by MAX_MESSAGE_CHARS instead,
// the limit the widget enforces for the visitor too.
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Channel, ReplyLimit } from '../realtime/contract.js';

export type ReplyLimits = (channel: string) => ReplyLimit;

export function replyLimits(adapters: AdapterRegistry, chatMaxChars: number): ReplyLimits {
  return (channel) => {
    const caps = adapters[channel as Channel]?.capabilities;
    const files = caps?.attachments !== false;
    if (!caps || caps.realtime) return { maxChars: chatMaxChars, smsSegments: false, files };
    return { maxChars: caps.maxBodyChars, smsSegments: caps.smsSegments === true, files };
  };
}

/** The longest reply any channel takes: the request body's outer bound. */
export function longestReply(adapters: AdapterRegistry, chatMaxChars: number): number {
  return Math.max(chatMaxChars, ...Object.values(adapters).map((a) => (a && !a.capabilities.realtime ? a.capabilities.maxBodyChars : 0)));
}
