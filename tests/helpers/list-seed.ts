// A year-shaped spread of conversations for list tests: mostly resolved, few snoozed, channels and
// teams uneven, many agents, some unassigned; deterministic (a seeded generator).
import type { Db } from '../../server/db/client.js';

export interface ListSeed { teamIds: string[]; agentIds: string[]; customerIds: string[]; inboxId: string }

const STATUSES: [string, number][] = [['resolved', 0.85], ['open', 0.08], ['pending', 0.04], ['snoozed', 0.03]];
const CHANNELS: [string, number][] = [['webchat', 0.4], ['email', 0.25], ['sms', 0.1], ['whatsapp', 0.1], ['voice', 0.1], ['slack', 0.05]];
const TYPES: [string, number][] = [['support', 0.45], ['sales', 0.25], ['complaint', 0.15], ['billing', 0.15]];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const pick = (r: () => number, weights: [string, number][]) => {
  let x = r();
  for (const [v, w] of weights) if ((x -= w) < 0) return v;
  return weights[weights.length - 1]![0];
};

/** `conversations` spread over 365 days before `now`; `tieEvery` > 1 gives that many rows the same lastMessageAt. */
export async function seedConversations(db: Db, conversations: number, opts: { now?: Date; tieEvery?: number; seed?: number } = {}): Promise<ListSeed> {
  const r = rng(opts.seed ?? 19);
  const now = (opts.now ?? new Date()).getTime();
  const inbox = await db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
  const teamIds = (await db.team.findMany({ select: { id: true } })).map((t) => t.id);
  const tag = Math.random().toString(36).slice(2, 8);
  await db.user.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ email: `seed-${tag}-${i}@agents.test`, name: `Agent ${i}`, passwordHash: 'x' })) });
  const agentIds = (await db.user.findMany({ where: { email: { startsWith: `seed-${tag}-` } }, select: { id: true } })).map((u) => u.id);
  const nCustomers = Math.max(10, Math.floor(conversations / 4));
  await db.customer.createMany({ data: Array.from({ length: nCustomers }, (_, i) => ({ name: `Customer ${tag} ${i}`, email: `c${i}-${tag}@example.test` })) });
  const customerIds = (await db.customer.findMany({ where: { email: { endsWith: `-${tag}@example.test` } }, select: { id: true } })).map((c) => c.id);
  const tie = Math.max(1, opts.tieEvery ?? 1);
  const rows = Array.from({ length: conversations }, (_, i) => {
    const status = pick(r, STATUSES);
    const at = new Date(now - Math.floor(Math.floor(i / tie) * tie * ((365 * 86_400_000) / conversations)));
    const unassigned = status !== 'resolved' && r() < 0.4;
    return {
      inboxId: inbox.id, customerId: customerIds[Math.floor(r() * customerIds.length)]!, channel: pick(r, CHANNELS), status,
      type: pick(r, TYPES), priority: Math.floor(r() * 4), teamId: r() < 0.05 ? null : teamIds[Math.floor(r() * teamIds.length)]!,
      assigneeId: unassigned ? null : agentIds[Math.floor(r() * agentIds.length)]!, lastMessageAt: at, createdAt: new Date(at.getTime() - 3_600_000),
    };
  });
  for (let i = 0; i < rows.length; i += 2_000) await db.conversation.createMany({ data: rows.slice(i, i + 2_000) });
  return { teamIds, agentIds, customerIds, inboxId: inbox.id };
}
