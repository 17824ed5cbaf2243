// Knowledge-base Markdown: safe HTML for article pages, plain text for search and snippets.
import { Marked, type Token, type Tokens } from 'marked';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes everything, including `&` (used for raw HTML so it shows as source, never runs). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

// Leaves existing entities (&amp; &#39;) alone so Markdown authors can still write them.
function escapeText(text: string): string {
  return text.replace(/&(?!#\d+;|#x[\da-f]+;|[a-z][a-z\d]{1,31};)|[<>"']/gi, (c) => HTML_ESCAPES[c]!);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', colon: ':', tab: '\t', newline: '\n' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** Returns an href safe to emit, or null: only http(s)/mailto/tel or scheme-less (relative/anchor) URLs survive. */
export function safeUrl(href: string | null | undefined): string | null {
  if (!href) return null;
  // Browsers ignore entities, whitespace and control chars inside schemes ("java\tscript:", "jav&#x61;script:").
  const probe = decodeEntities(href).replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();
  const scheme = /^([a-z][a-z\d+.-]*):/.exec(probe);
  if (scheme && !SAFE_SCHEMES.has(scheme[1]!)) return null;
  if (!scheme && probe.includes(':') && !/[/?#]/.test(probe.split(':')[0]!)) return null;
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

const md = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML is shown as text, never passed through.
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    // marked emits text inside <script>/<pre> raw blocks unescaped; escape it always.
    text(token: Tokens.Text | Tokens.Escape): string {
      if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
      return escapeText(token.text);
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const url = safeUrl(href);
      if (url === null) return inner;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(url)}"${titleAttr} rel="noopener noreferrer nofollow">${inner}</a>`;
    },
    image({ href, title, text }: Tokens.Image): string {
      const url = safeUrl(href);
      if (url === null) return escapeText(text);
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<img src="${escapeHtml(url)}" alt="${escapeText(text)}"${titleAttr}>`;
    },
  },
});

/** Markdown → HTML that is safe to inject: raw HTML escaped, dangerous URLs dropped, links rel=nofollow. */
export function renderMarkdown(source: string): string {
  if (typeof source !== 'string' || source === '') return '';
  return md.parse(source, { async: false });
}

// Script/style bodies are code, not prose, so they never reach snippets.
function stripTags(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ');
}

function inlineText(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'html') out += stripTags(t.text);
    else if (t.type === 'br') out += '\n';
    else if (t.type === 'image') out += t.text;
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) out += inlineText(t.tokens);
    else if ('text' in t && typeof t.text === 'string') out += t.text;
  }
  return out;
}

function blockText(tokens: Token[], out: string[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'hr':
      case 'def':
        break;
      case 'code':
        out.push(t.text);
        break;
      case 'html':
        out.push(stripTags(t.text));
        break;
      case 'list':
        for (const item of (t as Tokens.List).items) blockText(item.tokens, out);
        break;
      case 'table': {
        const table = t as Tokens.Table;
        for (const row of [table.header, ...table.rows]) out.push(row.map((cell) => inlineText(cell.tokens)).join(' '));
        break;
      }
      case 'blockquote':
        blockText((t as Tokens.Blockquote).tokens, out);
        break;
      default:
        out.push('tokens' in t && Array.isArray(t.tokens) ? inlineText(t.tokens) : 'text' in t ? String(t.text) : '');
    }
  }
}

/** Markdown → plain text (one line per block, entities decoded, HTML tags removed). Not HTML-safe: escape before display. */
export function markdownToText(source: string): string {
  if (typeof source !== 'string' || source === '') return '';
  const lines: string[] = [];
  blockText(md.lexer(source), lines);
  return lines
    .map((line) => decodeEntities(line).replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
