// Visitors told apart: a stable number, the city of their zone, the page they wrote from; the
// widget's context cleaned of anything that is not a path, a zone or a language tag.
import { describe, expect, it } from 'vitest';
import { cityOf, cleanVisitorContext, visitorLabel, visitorNumber } from '../../../server/customers/visitor-label.js';
import { customerLabel } from '../../../agent-console/src/customer-label.js';
import { translate } from '../../../agent-console/src/i18n.js';

describe('visitor label', () => {
  it('numbers a customer the same way every time, in 1000-9999', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `cust${i}x${i * 7}`);
    for (const id of ids) {
      expect(visitorNumber(id)).toBe(visitorNumber(id));
      expect(visitorNumber(id)).toBeGreaterThanOrEqual(1000);
      expect(visitorNumber(id)).toBeLessThanOrEqual(9999);
    }
    expect(new Set(ids.map(visitorNumber)).size).toBeGreaterThan(450);
  });
  it('names the city of a zone, none for UTC-like zones', () => {
    expect(cityOf('Europe/Berlin')).toBe('Berlin');
    expect(cityOf('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(cityOf('UTC')).toBeNull();
    expect(cityOf('Etc/GMT+2')).toBeNull();
    expect(cityOf(undefined)).toBeNull();
  });
  it('keeps a path without its query, a real zone and a canonical language tag; drops the rest', () => {
    expect(cleanVisitorContext({ page: '/pricing?utm=x#top', locale: 'de-de', timeZone: 'Europe/Berlin' })).toEqual({ page: '/pricing', locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(cleanVisitorContext({ page: 'javascript:alert(1)', locale: '!!', timeZone: 'Mars/Olympus' })).toBeUndefined();
    expect(cleanVisitorContext({ page: `/${'a'.repeat(500)}\u0000` })!.page!.length).toBe(120);
    expect(cleanVisitorContext({ page: 42, locale: {}, timeZone: [] })).toBeUndefined();
    expect(cleanVisitorContext(undefined)).toBeUndefined();
  });
  it('the console words it in the agent\'s language, and a real name, email or phone wins', () => {
    const visitor = visitorLabel('c1', { page: '/pricing', timeZone: 'Europe/Berlin' });
    const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
    const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh', k, v);
    expect(customerLabel(en, { name: null, visitor })).toBe(`Visitor ${visitor.number} · Berlin · /pricing`);
    expect(customerLabel(zh, { name: null, visitor })).toBe(`访客 ${visitor.number} · Berlin · /pricing`);
    expect(customerLabel(en, { name: null, email: 'a@b.example', visitor })).toBe('a@b.example');
    expect(customerLabel(en, { name: 'Ann', email: 'a@b.example', visitor })).toBe('Ann');
    expect(customerLabel(en, { name: null, visitor: visitorLabel('c1', null) })).toBe(`Visitor ${visitor.number}`);
  });
});
