// The HTML cases of issue #18: text that regular expressions lost must survive a real parser.
import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeHtml } from '../../../../channels/email/html.js';

describe('htmlToText', () => {
  it('keeps a stray "<" as text', () => {
    expect(htmlToText('if a<b then refund')).toBe('if a<b then refund');
    expect(htmlToText('<p>if a<b then refund</p>')).toBe('if a<b then refund');
  });
  it('reads HTML5 without </head>, and unclosed <title>, <style> and comments', () => {
    expect(htmlToText('<html><head><meta charset="utf-8"><title>Order</title><p>Hello, my order is late.</p></html>')).toBe('Hello, my order is late.');
    expect(htmlToText('<title>Order problem<p>It broke')).toBe('It broke');
    expect(htmlToText('<style>p { color: red }<p>It broke again</p>')).toBe('It broke again');
    expect(htmlToText('<p>Before</p><!-- a comment that never ends <p>After</p>')).toBe('Before\n\nAfter');
    expect(htmlToText('<p>A</p><!-- closed --><p>B</p>')).toBe('A\n\nB');
  });
  it('keeps links, lists, tables and quotes readable; drops scripts and unsafe links', () => {
    expect(htmlToText('<p>See <a href="https://x.example/a">our page</a></p><blockquote>old</blockquote>')).toBe('See our page (https://x.example/a)\n\n> old');
    expect(htmlToText('<ul><li>one</li><li>two</li></ul><script>alert(1)</script>')).toBe('* one\n * two');
    expect(htmlToText('<a href="javascript:alert(1)">click</a>')).toBe('click');
    expect(htmlToText('<p>Tom &amp; Jerry &lt;3 it&#39;s</p>')).toBe("Tom & Jerry <3 it's");
  });
});

describe('sanitizeHtml', () => {
  it('keeps only absolute http(s), mailto and cid URLs, and opens links safely', () => {
    const out = sanitizeHtml('<a href="/api/x">rel</a><a href="https://ok.example" target="_self">ok</a><img src="cid:logo"><img src="x.png">');
    const [relative, absolute] = [...out.matchAll(/<a ([^>]*)>/g)].map((m) => m[1]!);
    for (const a of [relative, absolute]) expect(a).toMatch(/(?=.*rel="noopener noreferrer nofollow")(?=.*target="_blank")/);
    expect(relative).not.toContain('href');
    expect(absolute).toContain('href="https://ok.example"');
    expect(out).toContain('<img src="cid:logo" /><img />');
  });
});
