// The server's side of the ChannelHost port: what adapters may ask for, on top of the database.
import type { ChannelHost, InboxConfig } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { channelCsat } from '../csat/channel.js';
import { suggestFromProfileEmail } from '../customers/duplicates.js';
import { isUniqueViolation } from '../db/client.js';
import { decide } from '../routing/router.js';
import type { Channel, DeliveryStatus } from '../realtime/contract.js';
import { postAgentReply } from './agent-reply.js';
import { adapterSettings } from './inbox-settings.js';
import { claimNodeIdentity, leaseOwner } from './node-identity.js';

/** Statuses a report may replace: reports arrive out of order, and a status never moves back. */
const MOVES_FROM: Record<DeliveryStatus, DeliveryStatus[]> = {
  stored: [], queued: ['stored'], sent: ['stored', 'queued'], delivered: ['stored', 'queued', 'sent'],
  read: ['stored', 'queued', 'sent', 'delivered'], failed: ['stored', 'queued', 'sent'],
};

export function createChannelHost(ctx: AppContext): ChannelHost {
  const { db } = ctx;
  const { owner: NODE_ID, previous } = leaseOwner(claimNodeIdentity(ctx.config.DATA_DIR, ctx.config.NODE_ID));
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
      if (!m) return false;
      // Conditional on the status it replaces, so a late "sent" never undoes "delivered".
      const moved = await db.message.updateMany({ where: { id: m.id, deliveryStatus: { in: MOVES_FROM[status] } }, data: { deliveryStatus: status, deliveryError: error ?? null } });
      if (moved.count === 0) return false;
      ctx.bus.emit('message.updated', { messageId: m.id, conversationId: m.conversationId });
      return true;
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

    async threadExternalIds(conversationId, limit) {
      const rows = await db.message.findMany({ where: { conversationId, externalId: { not: null }, private: false }, orderBy: { id: 'asc' }, take: limit, select: { externalId: true } });
      return rows.map((r) => r.externalId!);
    },

    async conversationThreadKey(conversationId) {
      return (await db.conversation.findUnique({ where: { id: conversationId }, select: { externalThreadId: true } }))?.externalThreadId ?? null;
    },

    async adoptThreadKey(conversationId, threadKey) {
      // Conditional: a thread key, once set, is never replaced.
      await db.conversation.updateMany({ where: { id: conversationId, externalThreadId: null }, data: { externalThreadId: threadKey } });
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
      // Take it over only if it is ours, an earlier incarnation's of this node (which is gone: our
      // identity says only one process holds it), or has run out: one conditional update decides.
      const taken = await db.lease.updateMany({ where: { name, OR: [{ owner: NODE_ID }, ...(previous ? [{ owner: { startsWith: previous } }] : []), { expiresAt: { lt: now } }] }, data: { owner: NODE_ID, expiresAt } });
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
