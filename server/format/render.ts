// The parsed Markdown as each channel carries it: HTML for email, plain text for SMS (and email's
// text part), WhatsApp's own markers. Slack has its own mrkdwn (channels/slack/markup.ts).
import { parseMarkdown, type Block, type Inline } from './markdown.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inlineHtml(nodes: Inline[]): string {
  return nodes.map((n) => {
    switch (n.kind) {
      case 'text': return escapeHtml(n.text);
      case 'br': return '<br>';
      case 'code': return `<code>${escapeHtml(n.text)}</code>`;
      case 'link': return `<a href="${escapeHtml(n.href)}" rel="noopener noreferrer">${inlineHtml(n.children)}</a>`;
      default: return `<${n.kind}>${inlineHtml(n.children)}</${n.kind}>`;
    }
  }).join('');
}

export function markdownToHtml(text: string): string {
  return parseMarkdown(text).map((b: Block) => {
    if (b.kind === 'p') return `<p>${inlineHtml(b.children)}</p>`;
    if (b.kind === 'pre') return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
    return `<${b.kind}>${b.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${b.kind}>`;
  }).join('\n');
}

type Marks = { strong: [string, string]; em: [string, string]; code: [string, string]; pre: [string, string]; bullet: string };
const PLAIN: Marks = { strong: ['', ''], em: ['', ''], code: ['', ''], pre: ['', ''], bullet: '• ' };
const WHATSAPP: Marks = { strong: ['*', '*'], em: ['_', '_'], code: ['`', '`'], pre: ['```\n', '\n```'], bullet: '- ' };

function inlineText(nodes: Inline[], m: Marks): string {
  return nodes.map((n) => {
    switch (n.kind) {
      case 'text': return n.text;
      case 'br': return '\n';
      case 'code': return m.code[0] + n.text + m.code[1];
      case 'link': {
        const label = inlineText(n.children, PLAIN);
        const target = n.href.replace(/^mailto:/i, '');
        return label === target ? target : `${inlineText(n.children, m)} (${target})`;
      }
      default: return m[n.kind][0] + inlineText(n.children, m) + m[n.kind][1];
    }
  }).join('');
}

function toText(text: string, m: Marks): string {
  return parseMarkdown(text).map((b) => {
    if (b.kind === 'p') return inlineText(b.children, m);
    if (b.kind === 'pre') return m.pre[0] + b.text + m.pre[1];
    return b.items.map((item, i) => (b.kind === 'ul' ? m.bullet : `${i + 1}. `) + inlineText(item, m)).join('\n');
  }).join('\n\n');
}

/** Plain text: markers dropped, links as "label (url)", bullets as "•". */
export const markdownToPlain = (text: string) => toText(text, PLAIN);
/** WhatsApp's formatting: *bold*, _italic_, `code`, ``` blocks. */
export const markdownToWhatsApp = (text: string) => toText(text, WHATSAPP);
