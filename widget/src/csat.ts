// CSAT survey logic as pure functions: which conversations are done, and what an ack means.
import type { AckError } from '../../server/realtime/contract.js';
import type { Key } from './i18n.js';

/** Enough to cover any visitor's history; bounded so localStorage cannot grow forever. */
export const MAX_RATED = 50;

/** What the card shows after a submit: final outcomes hide the form for good, retryable ones keep it. */
export type CsatOutcome = { final: true; key: Key } | { final: false; code: string };

/** Reads the stored list of finished conversation ids, ignoring anything malformed (shared storage). */
export function parseRated(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 100).slice(-MAX_RATED) : [];
  } catch {
    return [];
  }
}

export function addRated(list: readonly string[], conversationId: string): string[] {
  // Oldest go first: only recent conversations can still be asked about.
  return [...list.filter((id) => id !== conversationId), conversationId].slice(-MAX_RATED);
}

export function csatOutcome(res: { ok: true } | { ok: false; error: AckError }): CsatOutcome {
  if (res.ok) return { final: true, key: 'csatThanks' };
  const { code, field } = res.error;
  if (code === 'CONFLICT') return { final: true, key: 'csatAlready' };
  // The server says VALIDATION_FAILED on the token field when the survey has expired.
  if (code === 'VALIDATION_FAILED' && field !== 'comment' && field !== 'score') return { final: true, key: 'csatExpired' };
  if (code === 'INVALID_SIGNATURE') return { final: true, key: 'csatInvalid' };
  return { final: false, code };
}
