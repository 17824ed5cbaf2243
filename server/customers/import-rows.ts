// Maps CSV records to purchases, collecting per-line errors instead of failing the whole file.
import type { CsvRecord } from './csv.js';

export interface ImportRow {
  line: number;
  orderNumber: string;
  amountCents: number;
  currency: string;
  purchasedAt: Date;
  items: string[];
  email?: string;
  phone?: string;
  name?: string;
}

export interface RowError { line: number; field: string; message: string }

// Accepted header names (case and separators ignored) for each field.
const ALIASES: Record<string, string[]> = {
  orderNumber: ['ordernumber', 'order', 'orderid', 'orderno'],
  amount: ['amount', 'total'],
  amountCents: ['amountcents'],
  currency: ['currency'],
  purchasedAt: ['purchasedat', 'date', 'orderdate'],
  email: ['email', 'customeremail'],
  phone: ['phone', 'customerphone'],
  name: ['name', 'customername'],
  items: ['items'],
};

export type Columns = Partial<Record<keyof typeof ALIASES, number>>;

export function mapHeader(header: string[]): { columns: Columns; error?: string } {
  const columns: Columns = {};
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase().replace(/[\s_-]/g, '');
    for (const [field, names] of Object.entries(ALIASES)) if (names.includes(key) && columns[field] === undefined) columns[field] = i;
  });
  if (columns.orderNumber === undefined) return { columns, error: 'the header needs an orderNumber column' };
  if (columns.amount === undefined && columns.amountCents === undefined) return { columns, error: 'the header needs an amount or amountCents column' };
  if (columns.email === undefined && columns.phone === undefined) return { columns, error: 'the header needs an email or phone column' };
  return { columns };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function toRow(rec: CsvRecord, c: Columns): ImportRow | RowError {
  const get = (f: keyof Columns) => (c[f] === undefined ? '' : (rec.fields[c[f]!] ?? '').trim());
  const err = (field: string, message: string): RowError => ({ line: rec.line, field, message });
  const orderNumber = get('orderNumber');
  if (!orderNumber || orderNumber.length > 100) return err('orderNumber', 'must be 1-100 characters');
  let amountCents: number;
  if (c.amountCents !== undefined && get('amountCents') !== '') {
    amountCents = Number(get('amountCents'));
    if (!Number.isInteger(amountCents) || amountCents < 0) return err('amountCents', 'must be a whole number of cents >= 0');
  } else {
    const raw = get('amount');
    if (!/^\d+(\.\d{1,2})?$/.test(raw)) return err('amount', 'must be a number like 12.34');
    amountCents = Math.round(Number(raw) * 100);
  }
  const currency = (get('currency') || 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return err('currency', 'must be a 3-letter ISO 4217 code');
  const rawDate = get('purchasedAt');
  const purchasedAt = rawDate ? new Date(rawDate) : new Date();
  if (Number.isNaN(purchasedAt.getTime())) return err('purchasedAt', 'must be a date like 2026-01-31 or an ISO timestamp');
  const email = get('email');
  const phone = get('phone');
  if (!email && !phone) return err('email', 'give an email or a phone');
  if (email && !EMAIL.test(email)) return err('email', 'must be an email address');
  if (phone && !/^[+\d\s().-]{3,40}$/.test(phone)) return err('phone', 'must be a phone number');
  const name = get('name');
  // Items are "sku x2; other" in one cell: spreadsheets have no arrays.
  const items = get('items').split(';').map((s) => s.trim()).filter(Boolean).slice(0, 500);
  return { line: rec.line, orderNumber, amountCents, currency, purchasedAt, items, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(name ? { name } : {}) };
}
