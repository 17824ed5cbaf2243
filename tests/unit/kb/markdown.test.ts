import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown, safeUrl } from '../../../server/kb/markdown.js';

const ALLOWED_TAGS = new Set('p a img strong em code pre h1 h2 h3 h4 h5 h6 ul ol li blockquote table thead tbody tr th td br hr del input'.split(' '));

// Escaped output never contains a raw '<', so every '<' starts a real tag: check each one is harmless.
function unsafeTags(html: string): string[] {
  const bad: string[] = [];
  for (const [tag, name, attrs] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const unsafeUrl = /\b(href|src)\s*=\s*"\s*(javascript|data|vbscript):/i.test(attrs!);
    if (!ALLOWED_TAGS.has(name!.toLowerCase()) || /\son\w+\s*=/i.test(attrs!) || /\sstyle\s*=/i.test(attrs!) || unsafeUrl) bad.push(tag);
  }
  if (/<(?![a-zA-Z/])/.test(html)) bad.push('stray <');
  return bad;
}

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('# Reset\n\nClick **Forgot password**, then `Save`.\n\n- one\n- two');
    expect(html).toContain('<h1>Reset</h1>');
    expect(html).toContain('<strong>Forgot password</strong>');
    expect(html).toContain('<code>Save</code>');
    expect(html).toContain('<li>two</li>');
  });

  it('escapes raw HTML instead of passing it through', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    const inline = renderMarkdown('Hi <b onclick="x()">there</b> <script>alert(1)</script>');
    expect(inline).toContain('&lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;');
    expect(inline).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(inline).not.toMatch(/<script|<b /);
  });

  it('escapes text inside raw <script>/<pre> blocks that marked would otherwise emit verbatim', () => {
    const html = renderMarkdown('<script>x <img src=x onerror=alert(1)// </script> then > end');
    expect(html).not.toMatch(/<img/);
    expect(renderMarkdown('<pre>a <b onclick=1 </pre> >')).not.toMatch(/<b /);
  });

  it('adds rel="noopener noreferrer nofollow" to links and keeps safe URLs', () => {
    const html = renderMarkdown('[Billing](https://example.com/billing?a=1&b=2 "Go") [Help](/help#faq) [Mail](mailto:help@example.com)');
    expect(html).toContain('<a href="https://example.com/billing?a=1&amp;b=2" title="Go" rel="noopener noreferrer nofollow">Billing</a>');
    expect(html).toContain('<a href="/help#faq" rel="noopener noreferrer nofollow">Help</a>');
    expect(html).toContain('href="mailto:help@example.com"');
    expect(renderMarkdown('<https://example.com>')).toContain('rel="noopener noreferrer nofollow"');
  });

  it('drops javascript:, data: and vbscript: URLs in links and images, keeping the text', () => {
    const cases: [string, string][] = [
      ['[click](javascript:alert(1))', 'click'],
      ['[click](JavaScript:alert(1))', 'click'],
      ['[click](jav&#x61;script:alert(1))', 'click'],
      ['[click](<javascript:alert(1)>)', 'click'],
      ['[click](vbscript:msgbox(1))', 'click'],
      ['[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'click'],
      ['![pic](data:image/svg+xml;base64,PHN2Zz4=)', 'pic'],
      ['![pic](javascript:alert(1))', 'pic'],
      ['[ref][x]\n\n[x]: javascript:alert(1)', 'ref'],
      ['<javascript:alert(1)>', 'javascript:alert(1)'],
    ];
    for (const [md, text] of cases) {
      const html = renderMarkdown(md);
      expect(html, md).not.toMatch(/<a |<img /);
      expect(html, md).toContain(text);
    }
  });

  it('survives a list of classic XSS payloads', () => {
    const payloads = [
      '"><img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload=alert(1)>',
      '<style>body{display:none}</style>',
      '![a"onerror="alert(1)](https://example.com/x.png)',
      '[a](https://example.com/" onmouseover="alert(1))',
      '<IMG SRC="jav&#x09;ascript:alert(1);">',
      '<div style="background:url(javascript:alert(1))">x</div>',
      '[x](java\nscript:alert(1))',
      '<scr<script>ipt>alert(1)</script>',
      '``<script>alert(1)</script>``',
      '<!-- <script>alert(1)</script> -->',
    ];
    for (const payload of payloads) expect(unsafeTags(renderMarkdown(payload)), payload).toEqual([]);
  });

  it('handles empty and non-string input', () => {
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown(undefined as unknown as string)).toBe('');
  });
});

describe('safeUrl', () => {
  it('allows http(s), mailto, tel and relative URLs only', () => {
    expect(safeUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeUrl('/help')).toBe('/help');
    expect(safeUrl('#top')).toBe('#top');
    expect(safeUrl('tel:+18005550199')).toBe('tel:+18005550199');
    for (const bad of ['javascript:x', ' JAVASCRIPT:x', 'java\tscript:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '&#106;avascript:x']) {
      expect(safeUrl(bad), bad).toBeNull();
    }
  });
});

describe('markdownToText', () => {
  it('strips Markdown and HTML, decodes entities, keeps readable text', () => {
    const md = [
      '# Title &amp; more',
      'Some **bold** and [a link](https://x.y) ![alt text](/i.png)',
      '<div>raw <b>html</b></div>',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '```\ncode()\n```',
    ].join('\n\n');
    const text = markdownToText(md);
    expect(text).toBe('Title & more\nSome bold and a link alt text\nraw html\na b\n1 2\ncode()');
  });

  it('drops script and style bodies', () => {
    expect(markdownToText('<script>alert(1)</script>\n\nHello')).toBe('Hello');
    expect(markdownToText('<style>p{}</style>')).toBe('');
  });
});
