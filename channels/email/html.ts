// HTML mail made safe: a whitelist sanitizer for the stored copy and a text conversion for the body.
// Mail HTML is hostile input, so anything not explicitly allowed is dropped, not escaped through.

const ALLOWED_TAGS = new Set(['a', 'b', 'i', 'u', 'em', 'strong', 'p', 'br', 'div', 'span', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'hr', 'img', 'font', 'small', 'sub', 'sup']);
const DROP_WITH_CONTENT = ['script', 'style', 'head', 'title', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'xml'];
const ALLOWED_ATTRS: Record<string, string[]> = { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] };
const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr', 'table', 'ul', 'ol']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function stripDangerousBlocks(html: string): string {
  let out = html.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<!\[CDATA\[[\s\S]*?(\]\]>|$)/g, '');
  for (const tag of DROP_WITH_CONTENT) out = out.replace(new RegExp(`<${tag}\\b[\\s\\S]*?(<\\/${tag}\\s*>|$)`, 'gi'), '');
  return out;
}

/** Only http(s), mailto and cid survive; entity/whitespace tricks are decoded before the check. */
function safeUrl(raw: string): string | null {
  const decoded = decodeEntities(raw).replace(/[\u0000-\u0020\u007f]+/g, '');
  return /^(https?:|mailto:|cid:)/i.test(decoded) ? decoded : null;
}

function cleanAttrs(tag: string, attrs: string): string {
  const allowed = ALLOWED_ATTRS[tag] ?? [];
  const out: string[] = [];
  for (const m of attrs.matchAll(/([a-z0-9_:-]+)\s*(?:=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi)) {
    const name = m[1]!.toLowerCase();
    if (!allowed.includes(name)) continue;
    let value = m[3] ?? m[4] ?? m[5] ?? '';
    if (name === 'href' || name === 'src') {
      const url = safeUrl(value);
      if (!url) continue;
      value = url;
    } else value = decodeEntities(value);
    out.push(`${name}="${escapeHtml(value)}"`);
  }
  if (tag === 'a') out.push('rel="noopener noreferrer nofollow"', 'target="_blank"');
  return out.length ? ' ' + out.join(' ') : '';
}

/** Whitelist sanitizer: allowed tags keep allowed attributes; everything else becomes text-free. */
export function sanitizeHtml(html: string): string {
  const body = stripDangerousBlocks(html);
  let out = '';
  let last = 0;
  for (const m of body.matchAll(/<\s*(\/?)\s*([a-z][a-z0-9]*)([^>]*)>|<[^>]*(>|$)/gi)) {
    out += escapeText(body.slice(last, m.index));
    last = m.index + m[0].length;
    const tag = m[2]?.toLowerCase();
    if (!tag || !ALLOWED_TAGS.has(tag)) continue;
    out += m[1] ? `</${tag}>` : `<${tag}${cleanAttrs(tag, m[3] ?? '')}>`;
  }
  return out + escapeText(body.slice(last));
}

// Text between tags may hold stray "<" or quotes: re-escape after decoding so nothing turns into markup.
function escapeText(s: string): string {
  return escapeHtml(decodeEntities(s));
}

/** Readable plain text from HTML: block tags become line breaks, links keep their target. */
export function htmlToText(html: string): string {
  const body = stripDangerousBlocks(html);
  const withBreaks = body
    .replace(/<a\b[^>]*href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, _q, d?: string, s?: string, inner?: string) => {
      const text = (inner ?? '').replace(/<[^>]*>/g, '').trim();
      const href = safeUrl(d ?? s ?? '');
      return href && !href.startsWith('mailto:') && text && text !== href ? `${text} (${href})` : text;
    })
    .replace(/<blockquote\b[^>]*>([\s\S]*?)<\/blockquote\s*>/gi, (_m, inner: string) => '\n' + htmlToText(inner).split('\n').map((l) => `> ${l}`).join('\n') + '\n')
    .replace(/<\s*\/?\s*([a-z][a-z0-9]*)[^>]*>/gi, (_m, tag: string) => (BLOCK_TAGS.has(tag.toLowerCase()) ? '\n' : ''))
    .replace(/<[^>]*>/g, '');
  return decodeEntities(withBreaks)
    .replace(/\r/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n').map((l) => l.trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
