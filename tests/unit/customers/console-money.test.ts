// The console's money helpers: typed amounts become integer cents without float rounding.
import { describe, expect, it } from 'vitest';
import { centsToInput, formatMoney, parseMoney } from '../../../agent-console/src/components/customer/money.js';

describe('console money', () => {
  it('parses typed amounts into cents', () => {
    expect(parseMoney('1250.50')).toBe(125_050);
    expect(parseMoney(' 1250,5 ')).toBe(125_050);
    expect(parseMoney('0.29')).toBe(29);
    expect(parseMoney('2000')).toBe(200_000);
    for (const bad of ['', '-1', '1.234', '1e3', 'abc', '1,000.00', '12345678901']) expect(parseMoney(bad), bad).toBeNull();
  });

  it('round-trips cents through the input text', () => {
    for (const cents of [0, 5, 29, 100, 125_050, 99_999_999]) expect(parseMoney(centsToInput(cents))).toBe(cents);
    expect(centsToInput(1050)).toBe('10.50');
  });

  it('formats with a currency when one is known, else a plain amount', () => {
    expect(formatMoney(125_050, 'en', 'EUR')).toBe('€1,250.50');
    expect(formatMoney(125_050, 'en')).toBe('1,250.50');
    expect(formatMoney(100, 'en', 'NOPE')).toContain('1.00');
  });
});
