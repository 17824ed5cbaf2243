// Fix-ups for the SQL that `prisma migrate diff` writes.

/** Prisma 6.19's SQLite diff leaves JSON defaults unquoted (DEFAULT {} is invalid SQL); quote them. */
export function quoteJsonDefaults(sql: string): string {
  return sql.replace(/DEFAULT ([[{].*?[\]}])(,?)$/gm, (_m, json: string, comma: string) => `DEFAULT '${json.replace(/'/g, "''")}'${comma}`);
}
