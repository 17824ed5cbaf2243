// The year itself: conversations with their messages, routing events, CSAT answers and articles.
// A conversation's message times come from its own PRNG, so the conversation row (lastMessageAt,
// firstResponseAt, stored report metrics) and its messages agree without holding every time in memory.
import { seededRandom } from '../random.js';
import type { Shape } from './shape.js';
import type { Sink } from './sink.js';
import type { Progress } from './progress.js';
import { sentence } from './words.js';

export type Channel = 'webchat' | 'email' | 'sms' | 'whatsapp' | 'slack';
const TYPES = ['sales', 'support', 'complaint', 'billing'] as const;
const TEAM_OF_TYPE = { sales: 'sales', support: 'support', complaint: 'care', billing: 'finance' } as const;
const DAY = 86_400_000;
/** History ends here; the open conversations are its last two days. */
export const END = Date.UTC(2026, 10, 30, 18, 0, 0);

/** Fixed ids: the same scale seeds the same rows. */
export const id = (prefix: string, n: number) => `v${prefix}${n.toString(36).padStart(7, '0')}`;

export interface PlannedConversation { k: number; channel: Channel; customer: number; createdAt: number; messages: number; open: boolean; assigned: boolean; teamId: string; agentId: string; type: string }

export function planConversations(shape: Shape, channelOf: Channel[], agentIds: string[], teamId: (key: string) => string, rand: () => number): PlannedConversation[] {
  const big = shape.bigConversations;
  const rest = shape.messages - big.reduce((a, b) => a + b, 0);
  const mean = rest / (shape.conversations - big.length);
  const out: PlannedConversation[] = [];
  for (let k = 0; k < shape.conversations; k++) {
    const isBig = k < big.length;
    const open = isBig || k >= shape.conversations - shape.open;
    // Older conversations first, so ids and times grow together as they would.
    // The big ones started weeks ago (5,000 messages take days); the other open ones are the last two days.
    const createdAt = isBig ? END - 20 * DAY : open ? END - 2 * DAY * rand() : END - (shape.days * DAY * (shape.conversations - k)) / shape.conversations;
    const customer = isBig ? k : Math.floor(rand() * shape.customers);
    const type = TYPES[Math.floor(rand() * TYPES.length)]!;
    const messages = isBig ? big[k]! : Math.max(2, Math.round(mean * (0.4 + 1.2 * rand())));
    out.push({
      k, channel: isBig ? 'webchat' : channelOf[customer]!, customer, createdAt, messages, open,
      assigned: !open || k % 2 === 0, teamId: teamId(TEAM_OF_TYPE[type]), agentId: agentIds[Math.floor(rand() * agentIds.length)]!, type,
    });
  }
  return out;
}

/** Message times of one conversation: a customer message, then replies and answers 20 s to 4 min apart. */
function* times(c: PlannedConversation): Generator<number> {
  const r = seededRandom(c.k * 7919 + 17);
  let t = c.createdAt;
  for (let j = 0; j < c.messages; j++) {
    yield t;
    t += 20_000 + Math.floor(r() * 240_000);
  }
}

function summary(c: PlannedConversation): { first: number | null; last: number; lastIn: number } {
  let first: number | null = null;
  let last = c.createdAt;
  let lastIn = c.createdAt;
  let j = 0;
  for (const t of times(c)) {
    if (j % 2 === 0) lastIn = t;
    else first ??= t;
    last = t;
    j++;
  }
  return { first, last, lastIn };
}

export async function writeHistory(sink: Sink, shape: Shape, convs: PlannedConversation[], inboxOf: Record<Channel, string>, agentIds: string[], progress: Progress, rand: () => number): Promise<void> {
  const at = (ms: number) => new Date(ms);
  const customerId = (c: PlannedConversation) => id('cu', c.customer);
  const resolvedAt = new Map<number, number>();
  await sink.insert('Conversation', ['id', 'inboxId', 'customerId', 'channel', 'status', 'type', 'typeConfidence', 'priority', 'language', 'subject', 'teamId', 'assigneeId', 'queuedAt',
    'lastMessageAt', 'lastCustomerMessageAt', 'firstResponseDueAt', 'resolutionDueAt', 'firstResponseAt', 'resolvedAt', 'firstResponseMs', 'resolutionMs', 'metricsRev', 'metricsRevDone', 'createdAt', 'updatedAt'],
  (function* () {
    for (const c of convs) {
      const { first, last, lastIn } = summary(c);
      const resolved = c.open ? null : last + 60_000;
      if (resolved !== null) resolvedAt.set(c.k, resolved);
      // Bootstrap's teams keep no business hours, so the stored metrics are plain durations, current (revDone = rev).
      yield [id('co', c.k), inboxOf[c.channel], customerId(c), c.channel, c.open ? 'open' : 'resolved', c.type, 0.9, 1, 'en', c.channel === 'email' ? sentence(rand, 5) : null,
        c.teamId, c.assigned ? c.agentId : null, c.assigned ? null : at(c.createdAt), at(last), at(lastIn), at(c.createdAt + 3_600_000), at(c.createdAt + DAY),
        first === null ? null : at(first), resolved === null ? null : at(resolved), first === null ? null : first - c.createdAt, resolved === null ? null : resolved - c.createdAt,
        1, 1, at(c.createdAt), at(resolved ?? last)];
    }
  })(), (n) => progress.add(n, 'conversations'));

  await sink.insert('Message', ['conversationId', 'inboxId', 'direction', 'authorKind', 'authorId', 'body', 'private', 'externalId', 'clientMessageId', 'deliveryStatus', 'createdAt'],
  (function* () {
    for (const c of convs) {
      let j = 0;
      for (const t of times(c)) {
        const inbound = j % 2 === 0;
        // Web chat messages carry the widget's client id, other channels the provider's id: as ingest stores them.
        yield [id('co', c.k), inboxOf[c.channel], inbound ? 'in' : 'out', inbound ? 'customer' : 'agent', inbound ? null : c.agentId, sentence(rand), false,
          c.channel !== 'webchat' && inbound ? `<${id('co', c.k)}.${j}@volume.example>` : null, c.channel === 'webchat' ? `${id('co', c.k)}-${j}` : null, inbound ? 'delivered' : 'sent', at(t)];
        j++;
      }
    }
  })(), (n) => progress.add(n, 'messages'));

  const actions = ['classified', 'assigned'];
  await sink.insert('RoutingEvent', ['id', 'conversationId', 'action', 'teamId', 'agentId', 'reason', 'createdAt'],
  (function* () {
    for (let i = 0; i < shape.routingEvents; i++) {
      const c = convs[i % convs.length]!;
      const action = actions[Math.floor(i / convs.length) % 2]!;
      yield [id('re', i), id('co', c.k), action, c.teamId, action === 'assigned' ? c.agentId : null, action === 'assigned' ? 'least busy agent with capacity' : `classified as ${c.type}`, at(c.createdAt + 1000 * (i % 7))];
    }
  })(), (n) => progress.add(n, 'routing events'));

  // One answer per resolved conversation at most, spread over the year.
  const resolved = convs.filter((c) => !c.open);
  const step = Math.max(1, Math.floor(resolved.length / shape.csat));
  await sink.insert('CsatResponse', ['id', 'conversationId', 'score', 'comment', 'agentId', 'teamId', 'type', 'channel', 'createdAt'],
  (function* () {
    for (let i = 0; i < shape.csat && i * step < resolved.length; i++) {
      const c = resolved[i * step]!;
      yield [id('cs', i), id('co', c.k), 1 + Math.floor(rand() * 5), rand() < 0.2 ? sentence(rand, 8) : null, c.agentId, c.teamId, c.type, c.channel, at(resolvedAt.get(c.k)! + 300_000)];
    }
  })(), (n) => progress.add(n, 'csat'));

  await sink.insert('Article', ['id', 'title', 'body', 'category', 'tags', 'language', 'status', 'authorId', 'version', 'publishedAt', 'createdAt', 'updatedAt'],
  (function* () {
    for (let i = 0; i < shape.articles; i++) {
      const t = at(END - shape.days * DAY * rand());
      yield [id('ar', i), `How to ${sentence(rand, 4)}`, Array.from({ length: 6 }, () => sentence(rand, 14)).join('.\n\n'), 'General', '[]', 'en', 'published', agentIds[i % agentIds.length]!, 1, t, t, t];
    }
  })(), (n) => progress.add(n, 'articles'));
}
