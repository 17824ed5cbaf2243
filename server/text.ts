// Text as the product stores it: no NUL (PostgreSQL refuses it in text) and no lone surrogates
// (half an emoji: Prisma's query engine and JSON columns refuse them). Cleaned once where text
// enters (HTTP bodies and queries, socket payloads, every channel's inbound message), and cut by
// truncate() so that no cut of ours makes half an emoji again.

const ODD = /\u0000|[\uD800-\uDFFF]/;

/** NUL removed, each lone surrogate replaced by U+FFFD; other text returned as it is. */
export function cleanText(s: string): string {
  if (!ODD.test(s)) return s;
  return s.replaceAll('\u0000', '').toWellFormed();
}

/** Strings anywhere in a parsed JSON value or socket payload, cleaned in place (arrays and plain objects). */
export function cleanDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (depth > 32 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const bag = value as Record<string, unknown>;
  for (const key of Object.keys(bag)) bag[key] = cleanDeep(bag[key], depth + 1);
  return value;
}

/** At most `max` UTF-16 units, never ending in half a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
