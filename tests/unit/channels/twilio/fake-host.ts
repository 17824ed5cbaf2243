// An in-memory ChannelHost for unit tests of the Twilio adapters (no database, no server).
import type { ChannelHost, InboundMessage, InboxConfig } from '../../../../channels/types.js';
import { decide } from '../../../../server/routing/router.js';

export interface FakeHost extends ChannelHost {
  received: InboundMessage[];
  system: { conversationId: string; body: string }[];
  store: Map<string, string>;
  inboxes: InboxConfig[];
}

export function fakeHost(inboxes: InboxConfig[] = [], publicUrl: string | null = 'https://support.example.test'): FakeHost {
  const store = new Map<string, string>();
  const received: InboundMessage[] = [];
  const system: FakeHost['system'] = [];
  const quiet = () => undefined;
  return {
    received, system, store, inboxes, publicUrl,
    log: { info: quiet, warn: quiet, error: quiet, debug: quiet },
    async receive(msg) {
      const dup = msg.externalId ? received.find((m) => m.inboxId === msg.inboxId && m.externalId === msg.externalId) : undefined;
      if (!dup) received.push(msg);
      return { messageId: received.length, conversationId: `conv-${msg.threadKey ?? msg.sender.value}`, customerId: `cust-${msg.sender.value}`, created: !dup };
    },
    async findInboxes(channel, match) {
      return inboxes.filter((i) => i.channel === channel && (!match || match(i)));
    },
    async updateDelivery() { return true; },
    async addSystemMessage(conversationId, body) {
      system.push({ conversationId, body });
    },
    async findConversationByExternalIds() {
      return null;
    },
    async conversationThreadKey() {
      return null;
    },
    state: {
      async get(key) {
        return store.get(key) ?? null;
      },
      async set(key, value) {
        if (value === null) store.delete(key);
        else store.set(key, value);
      },
    },
    async lease() {
      return true;
    },
    async releaseLease() {},
    classify: (text) => decide(text),
  };
}
