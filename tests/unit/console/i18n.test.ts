// The console's dictionaries: English and Chinese have exactly the same keys, no empty strings,
// and the same {placeholders} in each message.
import { describe, expect, it } from 'vitest';
import { dictionaries, translate } from '../../../agent-console/src/i18n.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console i18n', () => {
  const en = dictionaries.en;
  const zh = dictionaries.zh;

  it('has the same keys in en and zh', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).length).toBeGreaterThan(50);
  });

  it('has no empty strings', () => {
    for (const [lang, dict] of Object.entries(dictionaries)) {
      for (const [key, value] of Object.entries(dict)) {
        expect(typeof value, `${lang}:${key}`).toBe('string');
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'list.count', { n: 3 })).toBe('3 conversations');
    expect(translate('zh', 'typing.agent', { name: 'Ann' })).toBe('Ann 正在输入…');
    expect(translate('en', 'typing.customer')).toBe('Customer is typing…');
  });
});
