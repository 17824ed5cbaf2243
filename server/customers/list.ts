// The plain customer list (no search text): live customers, most recently changed first, keyset-paged
// on (updatedAt, id) over the Customer(mergedIntoId, updatedAt, id) index. Search text is search.ts.
import type { Db } from '../db/client.js';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { nextCursor, type ListCursor } from '../db/keyset.js';
import { toMs } from '../reports/sql.js';

export interface CustomerListFilter { limit: number; cursor?: ListCursor }

// "mergedIntoId" (NULL in every row listed) leads ORDER BY: PostgreSQL does not take IS NULL as a constant, so without it the index gives no order.
export function customerListSql(f: CustomerListFilter): Prisma.Sql {
  const after = f.cursor
    ? Prisma.sql`AND cu."updatedAt" <= ${f.cursor.at} AND (cu."updatedAt" < ${f.cursor.at} OR cu."id" < ${f.cursor.id})`
    : Prisma.empty;
  return Prisma.sql`SELECT cu."id", cu."updatedAt" AS "at" FROM "Customer" cu WHERE cu."mergedIntoId" IS NULL ${after}
    ORDER BY cu."mergedIntoId" DESC, cu."updatedAt" DESC, cu."id" DESC LIMIT ${f.limit + 1}`;
}

export async function listCustomers(db: Db, f: CustomerListFilter) {
  const keys = await db.$queryRaw<{ id: string; at: unknown }[]>(customerListSql(f));
  const page = keys.slice(0, f.limit);
  const found = await db.customer.findMany({
    where: { id: { in: page.map((k) => k.id) } },
    select: { id: true, name: true, email: true, phone: true, company: true, tags: true, updatedAt: true },
  });
  const byId = new Map(found.map((c) => [c.id, c]));
  return { customers: page.flatMap((k) => byId.get(k.id) ?? []), nextCursor: nextCursor(keys, f.limit, toMs) };
}
