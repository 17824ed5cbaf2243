// Keyset-paging cursors: the last row's sort key and id, opaque to clients (base64url JSON), so a
// page starts exactly after the previous one even when many rows share a timestamp.
import { AppError } from '../errors.js';

export interface ListCursor { at: Date; id: string }

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.at.getTime(), c.id])).toString('base64url');
}

export function decodeCursor(s: string): ListCursor {
  try {
    const [ms, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (typeof ms === 'number' && Number.isFinite(ms) && typeof id === 'string' && id.length > 0 && id.length <= 64) return { at: new Date(ms), id };
  } catch {
    // not JSON: the error below
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: must be a nextCursor from an earlier page', 'cursor');
}

/** The next page's cursor from limit+1 fetched keys (null when there is no next page). */
export function nextCursor(keys: { id: string; at: unknown }[], limit: number, toMs: (v: unknown) => number | null): string | null {
  const last = keys[limit - 1];
  return keys.length > limit && last ? encodeCursor({ at: new Date(toMs(last.at)!), id: last.id }) : null;
}
