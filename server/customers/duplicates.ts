// Merge suggestions: other live customers sharing a normalized email or phone, or the same name
// and company. Suggestions only; merging is always a person's decision.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { normalizeIdentity } from '../ingest/customers.js';
import { addPrivateNote } from '../conversations/private-note.js';
import { enqueueCustomerUpdated } from '../webhooks/enqueue.js';
import './events.js';

export interface DuplicateSuggestion {
  customer: { id: string; name: string | null; email: string | null; phone: string | null; company: string | null; createdAt: Date };
  reasons: string[];
}

const select = { id: true, name: true, email: true, phone: true, company: true, createdAt: true } as const;

export async function findDuplicates(db: Db, customerId: string, limit = 20): Promise<DuplicateSuggestion[] | null> {
  const me = await db.customer.findUnique({ where: { id: customerId }, include: { identities: { select: { kind: true, value: true } } } });
  if (!me) return null;
  const emails = new Set<string>();
  const phones = new Set<string>();
  if (me.email) emails.add(normalizeIdentity('email', me.email));
  if (me.phone) phones.add(normalizeIdentity('phone', me.phone));
  for (const i of me.identities) if (i.kind === 'email') emails.add(i.value); else if (i.kind === 'phone') phones.add(i.value);
  const live = { mergedIntoId: null, NOT: { id: customerId } };
  const byContact = emails.size || phones.size
    ? await db.customer.findMany({
        where: { ...live, OR: [
          { email: { in: [...emails] } }, { phone: { in: [...phones] } },
          { identities: { some: { OR: [{ kind: 'email', value: { in: [...emails] } }, { kind: 'phone', value: { in: [...phones] } }] } } },
        ] },
        select: { ...select, identities: { select: { kind: true, value: true } } }, take: limit,
      })
    : [];
  const out = new Map<string, DuplicateSuggestion>();
  const add = (c: DuplicateSuggestion['customer'], reason: string) => {
    const entry = out.get(c.id) ?? { customer: c, reasons: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    out.set(c.id, entry);
  };
  for (const { identities, ...c } of byContact) {
    const theirEmails = [c.email && normalizeIdentity('email', c.email), ...identities.filter((i) => i.kind === 'email').map((i) => i.value)];
    const theirPhones = [c.phone && normalizeIdentity('phone', c.phone), ...identities.filter((i) => i.kind === 'phone').map((i) => i.value)];
    if (theirEmails.some((e) => e && emails.has(e))) add(c, 'same email');
    if (theirPhones.some((p) => p && phones.has(p))) add(c, 'same phone');
  }
  if (me.name && me.company) {
    // Case-insensitive on both databases: LOWER() in SQL rather than provider-specific modes.
    const rows = await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Customer" WHERE "mergedIntoId" IS NULL AND "id" <> ${customerId} AND LOWER("name") = ${me.name.trim().toLowerCase()} AND LOWER("company") = ${me.company.trim().toLowerCase()} LIMIT ${limit}`;
    const found = await db.customer.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select });
    for (const c of found) add(c, 'same name and company');
  }
  return [...out.values()].slice(0, limit);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ProfileEmailResult { recorded: boolean; matches: { id: string; name: string | null }[]; version?: string }

/**
 * An email a channel profile claims (Slack users.info) is not a verified identifier: it becomes the
 * customer's contact email when none is set, so findDuplicates pairs it with whoever owns that email
 * and an agent confirms the merge. Never an identity, never an automatic link.
 */
export async function recordProfileEmail(db: Db, customerId: string, rawEmail: string): Promise<ProfileEmailResult> {
  const email = normalizeIdentity('email', rawEmail);
  if (email.length > 254 || !EMAIL.test(email)) return { recorded: false, matches: [] };
  const version = randomUUID();
  // The change and its customer.updated webhook commit together: a crash between cannot lose it.
  const set = await db.$transaction(async (tx) => {
    const r = await tx.customer.updateMany({ where: { id: customerId, email: null, mergedIntoId: null }, data: { email } });
    if (r.count === 1) await enqueueCustomerUpdated(tx, customerId, 'profile', version);
    return r.count;
  });
  if (set === 0) return { recorded: false, matches: [] };
  const matches = await db.customer.findMany({
    where: { mergedIntoId: null, NOT: { id: customerId }, OR: [{ email }, { identities: { some: { kind: 'email', value: email } } }] },
    select: { id: true, name: true }, orderBy: { createdAt: 'asc' }, take: 5,
  });
  return { recorded: true, matches, version };
}

/** Records the email and, when someone already owns it, tells the agents in a private note naming them. */
export async function suggestFromProfileEmail(db: Db, bus: DomainBus, input: { customerId: string; conversationId: string; email: string; source: string }): Promise<ProfileEmailResult> {
  const result = await recordProfileEmail(db, input.customerId, input.email);
  if (!result.recorded) return result;
  bus.emit('customer.updated', { customerId: input.customerId, change: 'profile', version: result.version!, webhooksQueued: true });
  if (result.matches.length === 0) return result;
  const who = result.matches.map((m) => `${m.name ?? 'a customer'} (${m.id})`).join(', ');
  const body = `Recognised: the ${input.source} profile email ${normalizeIdentity('email', input.email)} belongs to ${who}. It is not verified, so nothing was linked: confirm under Possible duplicates to merge the records.`;
  // A private note: another customer's name and id must never reach this customer.
  await addPrivateNote(db, bus, input.conversationId, body);
  return result;
}
