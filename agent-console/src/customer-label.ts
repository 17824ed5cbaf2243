// How a customer is named everywhere in the console: their name, else email or phone, else the
// visitor label the server derives ("Visitor 4821 · Berlin · /pricing"), so visitors are told apart.
import type { MessageKey } from './i18n.js';
import type { VisitorLabel } from './types.js';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;
interface Named { name: string | null; email?: string | null; phone?: string | null; visitor?: VisitorLabel | null }

export function visitorText(t: T, v: VisitorLabel | null | undefined): string {
  if (!v) return t('customer.visitor');
  return [`${t('customer.visitor')} ${v.number}`, v.city, v.page].filter(Boolean).join(' · ');
}

export function customerLabel(t: T, c: Named): string {
  return c.name || c.email || c.phone || visitorText(t, c.visitor);
}
