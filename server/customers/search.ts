// Customer search by name, email, phone or company: LOWER(..) LIKE in SQL so it is
// case-insensitive on SQLite and PostgreSQL alike (Prisma's `mode` exists only on PostgreSQL).
import { visitorLabel } from './visitor-label.js';
import type { Db } from '../db/client.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export async function searchCustomers(db: Db, q: string, limit: number) {
  const term = q.trim().toLowerCase();
  const like = `%${escapeLike(term)}%`;
  const digits = term.replace(/[^\d]/g, '');
  // Phones are stored normalized (+4915..), so a query like "(0151) 23" matches by its digits.
  const phoneLike = digits.length >= 3 ? `%${digits}%` : like;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Customer"
    WHERE "mergedIntoId" IS NULL AND (
      LOWER("name") LIKE ${like} ESCAPE '\\' OR LOWER("email") LIKE ${like} ESCAPE '\\'
      OR LOWER("company") LIKE ${like} ESCAPE '\\' OR "phone" LIKE ${phoneLike} ESCAPE '\\')
    ORDER BY "updatedAt" DESC LIMIT ${limit}`;
  const found = await db.customer.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: { id: true, name: true, email: true, phone: true, company: true, tags: true, updatedAt: true, visitorContext: true },
  });
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return found.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(({ visitorContext, ...c }) => ({ ...c, visitor: visitorLabel(c.id, visitorContext) }));
}
