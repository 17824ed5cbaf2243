// CSV rows to purchases: header aliases, amounts in units or cents, and per-field errors.
import { describe, expect, it } from 'vitest';
import { mapHeader, toRow } from '../../../server/customers/import-rows.js';

describe('import rows', () => {
  const { columns } = mapHeader(['Order Number', 'email', 'amount', 'currency', 'purchased_at', 'items']);
  it('maps header aliases and converts amounts to cents', () => {
    const row = toRow({ line: 2, fields: ['A-1', 'X@Example.com', '12.34', 'eur', '2026-01-31', 'sku1 x2; sku2'] }, columns);
    expect(row).toMatchObject({ line: 2, orderNumber: 'A-1', amountCents: 1234, currency: 'EUR', email: 'X@Example.com', items: ['sku1 x2', 'sku2'] });
  });
  it('names the line and the field of a bad value', () => {
    expect(toRow({ line: 7, fields: ['A-2', 'x@example.com', 'twelve', 'USD', '', ''] }, columns)).toEqual({ line: 7, field: 'amount', message: 'must be a number like 12.34' });
    expect(toRow({ line: 8, fields: ['A-3', 'not-an-email', '1', 'USD', '', ''] }, columns)).toMatchObject({ line: 8, field: 'email' });
    expect(toRow({ line: 9, fields: ['A-4', 'x@example.com', '1', 'USD', 'yesterday', ''] }, columns)).toMatchObject({ line: 9, field: 'purchasedAt' });
    expect(toRow({ line: 10, fields: ['', 'x@example.com', '1'] }, columns)).toMatchObject({ line: 10, field: 'orderNumber' });
  });
  it('rejects a header without the required columns', () => {
    expect(mapHeader(['email', 'amount']).error).toContain('orderNumber');
    expect(mapHeader(['order', 'amount']).error).toContain('email or phone');
  });
});
