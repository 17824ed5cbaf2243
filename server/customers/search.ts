// Customer search by name, email, phone or company, through the conversation search index
// (server/search/): tokens, the last one a prefix; any 3+ digits of a phone number.
import { visitorLabel } from './visitor-label.js';
import type { Db } from '../db/client.js';
import type { ConversationSearch } from '../search/conversation-search.js';

export async function searchCustomers(db: Db, search: ConversationSearch, q: string, limit: number) {
  const rows = (await search.customerIds(q, limit)).map((id) => ({ id }));
  const found = await db.customer.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: { id: true, name: true, email: true, phone: true, company: true, tags: true, updatedAt: true, visitorContext: true },
  });
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return found.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(({ visitorContext, ...c }) => ({ ...c, visitor: visitorLabel(c.id, visitorContext) }));
}
