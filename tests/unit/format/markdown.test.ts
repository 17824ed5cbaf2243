// The Markdown agents write, parsed once and rendered per surface: safe HTML for email, plain text
// for SMS, WhatsApp's own markers; only http(s) and mailto become links.
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from '../../../server/format/markdown.js';
import { markdownToHtml, markdownToPlain, markdownToWhatsApp } from '../../../server/format/render.js';

describe('parseMarkdown', () => {
  it('finds bold, italic, code and links, and leaves snake_case and 2*3*4 alone', () => {
    expect(parseInline('**Hi** _there_ `x_y` see https://example.com/a_b. or snake_case_name and 2*3*4')).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'Hi' }] }, { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'there' }] }, { kind: 'text', text: ' ' },
      { kind: 'code', text: 'x_y' }, { kind: 'text', text: ' see ' },
      { kind: 'link', href: 'https://example.com/a_b', children: [{ kind: 'text', text: 'https://example.com/a_b' }] },
      { kind: 'text', text: '. or snake_case_name and 2*3*4' },
    ]);
  });
  it('only http(s) and mailto become links; javascript: and data: stay text', () => {
    const links = (s: string) => JSON.stringify(parseMarkdown(s)).match(/"href":"[^"]*"/g) ?? [];
    expect(links('[x](javascript:alert(1)) [y](data:text/html,hi) javascript:alert(1)')).toEqual([]);
    expect(links('[Help](https://help.example/a) mail mailto:sales@example.com')).toEqual(['"href":"https://help.example/a"', '"href":"mailto:sales@example.com"']);
  });
  it('groups lists and code blocks, keeps line breaks in a paragraph', () => {
    expect(parseMarkdown('Steps:\n1. Open\n2. **Save**\n\n- a\n- b\n```\nx = 1\n```\nline one\nline two').map((b) => b.kind)).toEqual(['p', 'ol', 'ul', 'pre', 'p']);
    expect(parseMarkdown('a\nb')[0]).toEqual({ kind: 'p', children: [{ kind: 'text', text: 'a' }, { kind: 'br' }, { kind: 'text', text: 'b' }] });
  });
  it('never loops or throws on odd input', () => {
    for (const s of ['', '*', '**', '***', '`', '```', '[', '[]()', '_'.repeat(1000), '*'.repeat(5001), 'https://', '\u0000\uFFFD', '**a *b **c*** d**']) {
      expect(() => markdownToHtml(s)).not.toThrow();
    }
  });
});

describe('renderers', () => {
  const text = 'Hi **Ann**, see [our guide](https://help.example/g?a=1&b=2) or write to mailto:help@example.com\n\n- one\n- `two`';
  it('email HTML is escaped and safe', () => {
    expect(markdownToHtml(text)).toBe('<p>Hi <strong>Ann</strong>, see <a href="https://help.example/g?a=1&amp;b=2" rel="noopener noreferrer">our guide</a> or write to <a href="mailto:help@example.com" rel="noopener noreferrer">help@example.com</a></p>\n<ul><li>one</li><li><code>two</code></li></ul>');
    expect(markdownToHtml('<script>alert(1)</script> "x"')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;</p>');
  });
  it('SMS is plain text; WhatsApp keeps its own markers', () => {
    expect(markdownToPlain(text)).toBe('Hi Ann, see our guide (https://help.example/g?a=1&b=2) or write to help@example.com\n\n• one\n• two');
    expect(markdownToWhatsApp('**Ann** _now_ `code`\n```\nx\n```')).toBe('*Ann* _now_ `code`\n\n```\nx\n```');
  });
  it('plain text without markup comes back as it was', () => {
    for (const s of ['Rate us: https://x.example/csat/a_b_c', 'Your code is 1234.', 'Thanks!\nBye', '2*3 = 6']) expect(markdownToPlain(s)).toBe(s);
  });
});
