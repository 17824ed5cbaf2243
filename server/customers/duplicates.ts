// Merge suggestions: other live customers sharing a normalized email or phone, or the same name
// and company. Suggestions only; merging is always a person's decision.
import type { Db } from '../db/client.js';
import { normalizeIdentity } from '../ingest/customers.js';

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
