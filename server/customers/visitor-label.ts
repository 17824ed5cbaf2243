// A web visitor without a name is "Visitor 4821 · Berlin · /pricing": a stable number from the
// customer id, the city of their time zone, and the page they first wrote from.
import type { VisitorContext, VisitorLabel } from '../realtime/contract.js';
import { isTimeZone } from '../routing/hours.js';

/** 1000-9999, the same for a customer every time (FNV-1a of the id). */
export function visitorNumber(customerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) h = Math.imul(h ^ customerId.charCodeAt(i), 0x01000193) >>> 0;
  return 1000 + (h % 9000);
}

/** "Europe/Berlin" -> "Berlin", "America/Argentina/Buenos_Aires" -> "Buenos Aires"; UTC-like zones name no city. */
export function cityOf(timeZone: string | undefined): string | null {
  if (!timeZone || !timeZone.includes('/') || /^Etc\//.test(timeZone)) return null;
  return timeZone.split('/').pop()!.replace(/_/g, ' ');
}

export function visitorLabel(customerId: string, context: unknown): VisitorLabel {
  const c = (context && typeof context === 'object' ? context : {}) as VisitorContext;
  return { number: visitorNumber(customerId), city: cityOf(c.timeZone), page: c.page ?? null };
}

const PAGE_MAX = 120;

/** The widget's context as stored: a path without query or fragment, a real zone, a BCP 47 tag; anything else dropped. */
export function cleanVisitorContext(raw: { page?: unknown; locale?: unknown; timeZone?: unknown } | undefined): VisitorContext | undefined {
  if (!raw) return undefined;
  const out: VisitorContext = {};
  if (typeof raw.page === 'string') {
    const path = raw.page.split(/[?#]/)[0]!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (path.startsWith('/')) out.page = path.length > PAGE_MAX ? `${path.slice(0, PAGE_MAX - 1)}…` : path;
  }
  if (typeof raw.timeZone === 'string' && raw.timeZone.length <= 64 && isTimeZone(raw.timeZone)) out.timeZone = raw.timeZone;
  if (typeof raw.locale === 'string' && raw.locale.length <= 35) {
    try {
      out.locale = Intl.getCanonicalLocales(raw.locale)[0];
    } catch {
      // not a language tag: left out
    }
  }
  return Object.keys(out).length ? out : undefined;
}
