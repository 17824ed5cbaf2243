// Money in the console: amounts are integer cents on the wire, typed and shown in major units.

/** "1234", "1234.5", "1234,50" -> cents; null for anything else (no floats: 0.1 + 0.2 issues). */
export function parseMoney(text: string): number | null {
  const m = /^(\d{1,10})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Cents as a plain amount for an input field: 1050 -> "10.50". */
export function centsToInput(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const locale = (lang: string) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

/** With a currency when one is known; leads have none, so they show a plain amount. */
export function formatMoney(cents: number, lang: string, currency?: string): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale(lang), { style: 'currency', currency }).format(cents / 100);
    } catch {
      return `${(cents / 100).toFixed(2)} ${currency}`;
    }
  }
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
}
