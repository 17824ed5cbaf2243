/** How Prisma's SQLite adapter writes a DateTime, so plain-SQL paths store the same text. */
export const sqliteTime = (d: Date): string => d.toISOString().replace('Z', '+00:00');
