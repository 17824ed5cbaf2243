// Help center pieces without a server: language choice, strings in both languages, escaping.
import { describe, expect, it } from 'vitest';
import { articlePage, listPage, searchPage } from '../../../server/kb/help-pages.js';
import { helpStrings, pickHelpLang } from '../../../server/kb/help-strings.js';

describe('pickHelpLang', () => {
  it('follows Accept-Language weights between en and zh, English otherwise', () => {
    expect(pickHelpLang(undefined)).toBe('en');
    expect(pickHelpLang('')).toBe('en');
    expect(pickHelpLang('zh-CN')).toBe('zh');
    expect(pickHelpLang('zh-TW,zh;q=0.9')).toBe('zh');
    expect(pickHelpLang('en-US,zh;q=0.5')).toBe('en');
    expect(pickHelpLang('fr, zh;q=0.7, en;q=0.6')).toBe('zh');
    expect(pickHelpLang('de, fr')).toBe('en');
    expect(pickHelpLang('zh;q=0, en;q=0.1')).toBe('en');
  });
});

describe('help strings', () => {
  it('have the same keys and placeholders in en and zh', () => {
    const { en, zh } = helpStrings;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(ph(zh[k]), k).toEqual(ph(en[k]));
  });
});

describe('help pages', () => {
  const evil = '<script>alert(1)</script>"\'&';
  it('escape titles, categories, snippets and the query', () => {
    const pages = [
      listPage('en', [{ id: 'a1', title: evil, category: evil }]),
      searchPage('en', evil, [{ id: 'a1', title: evil, snippet: evil }]),
      articlePage('zh', { id: 'a1', title: evil, category: evil, html: '<p>safe</p>', updatedAt: new Date(0).toISOString() }, false),
    ];
    for (const html of pages) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    }
  });

  it('link ids safely and offer the vote forms until the reader has voted', () => {
    const page = articlePage('en', { id: 'a1', title: 't', category: null, html: '', updatedAt: new Date(0).toISOString() }, false);
    expect(page.match(/action="\/help\/en\/a1\/vote"/g)).toHaveLength(2);
    expect(articlePage('en', { id: 'a1', title: 't', category: null, html: '', updatedAt: new Date(0).toISOString() }, true)).not.toContain('<form method="post"');
  });
});
