// The server's side of the ChannelHost port: what adapters may ask for, on top of the database.
import { randomUUID } from 'node:crypto';
import type { ChannelHost, InboxConfig } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { channelCsat } from '../csat/channel.js';
import { suggestFromProfileEmail } from '../customers/duplicates.js';
import { isUniqueViolation } from '../db/client.js';
import { decide } from '../routing/router.js';
import type { Channel, DeliveryStatus } from '../realtime/contract.js';
import { postAgentReply } from './agent-reply.js';
import { adapterSettings } from './inbox-settings.js';

const NODE_ID = randomUUID();

export function createChannelHost(ctx: AppContext): ChannelHost {
  const { db } = ctx;
  const toConfig = (i: { id: string; channel: string; name: string; language: string; enabled: boolean; settings: unknown }): InboxConfig => ({
    id: i.id, channel: i.channel as Channel, name: i.name, language: i.language, enabled: i.enabled,
    settings: adapterSettings(ctx.config, ctx.adapters[i.channel as Channel], i.settings),
  });

  return {
    log: ctx.log,
    publicUrl: ctx.config.PUBLIC_URL ?? null,
    receive: (msg) => ctx.ingest.receive(msg),

    async findInboxes(channel, match) {
      const rows = await db.inbox.findMany({ where: { channel, enabled: true } });
      return rows.map(toConfig).filter((i) => !match || match(i));
    },

    async updateDelivery(inboxId, externalId, status: DeliveryStatus, error) {
      const m = await db.message.findUnique({ where: { inboxId_externalId: { inboxId, externalId } }, select: { id: true, conversationId: true } });
      if (!m) return;
      await db.message.update({ where: { id: m.id }, data: { deliveryStatus: status, deliveryError: error ?? null } });
      ctx.bus.emit('message.updated', { messageId: m.id, conversationId: m.conversationId });
    },

    async addSystemMessage(conversationId, body, externalId) {
      const c = await db.conversation.findUnique({ where: { id: conversationId }, select: { inboxId: true } });
      if (!c) return;
      let m;
      try {
        m = await db.message.create({ data: { conversationId, inboxId: c.inboxId, direction: 'out', authorKind: 'system', body, private: false, deliveryStatus: 'stored', externalId: externalId ?? null } });
      } catch (err) {
        // A redelivered provider event (same external id) adds nothing.
        if (externalId && isUniqueViolation(err)) return;
        throw err;
      }
      ctx.bus.emit('message.created', { messageId: m.id, conversationId, isNewConversation: false });
    },

    async findConversationByExternalIds(inboxId, externalIds) {
      if (externalIds.length === 0) return null;
      const m = await db.message.findFirst({
        where: { inboxId, externalId: { in: externalIds.slice(0, 100) } },
        orderBy: { id: 'desc' },
        select: { conversationId: true, conversation: { select: { externalThreadId: true } } },
      });
      return m ? { conversationId: m.conversationId, threadKey: m.conversation.externalThreadId } : null;
    },

    async conversationThreadKey(conversationId) {
      return (await db.conversation.findUnique({ where: { id: conversationId }, select: { externalThreadId: true } }))?.externalThreadId ?? null;
    },

    state: {
      async get(key) {
        return (await db.setting.findUnique({ where: { key: `channel:${key}` } }))?.value ?? null;
      },
      async set(key, value) {
        if (value === null) await db.setting.deleteMany({ where: { key: `channel:${key}` } });
        else await db.setting.upsert({ where: { key: `channel:${key}` }, create: { key: `channel:${key}`, value }, update: { value } });
      },
      // Batched state (email ingest): one query to read a batch's keys, one transaction to write them.
      async getMany(keys) {
        const rows = await db.setting.findMany({ where: { key: { in: keys.map((k) => `channel:${k}`) } }, select: { key: true, value: true } });
        return new Map(rows.map((r) => [r.key.slice('channel:'.length), r.value]));
      },
      async setMany(entries) {
        await db.$transaction(entries.map(([key, value]) => (value === null
          ? db.setting.deleteMany({ where: { key: `channel:${key}` } })
          : db.setting.upsert({ where: { key: `channel:${key}` }, create: { key: `channel:${key}`, value }, update: { value } }))));
      },
    },

    async lease(name, ttlMs) {
      const now = new Date();
      const expiresAt = new Date(now.getTime() + ttlMs);
      // Take it over only if it is ours or has run out: one conditional update decides.
      const taken = await db.lease.updateMany({ where: { name, OR: [{ owner: NODE_ID }, { expiresAt: { lt: now } }] }, data: { owner: NODE_ID, expiresAt } });
      if (taken.count === 1) return true;
      try {
        await db.lease.create({ data: { name, owner: NODE_ID, expiresAt } });
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },

    async releaseLease(name) {
      await db.lease.deleteMany({ where: { name, owner: NODE_ID } });
    },

    classify: (text) => decide(text),

    // Optional extras: Slack mirror replies, profile emails as merge suggestions, channel-native CSAT.
    postAgentReply: (input) => postAgentReply(ctx, input),
    noteProfileEmail: (input) => suggestFromProfileEmail(db, ctx.bus, input),
    csat: channelCsat(db, ctx.csat),
  };
}
