// HTML mail made safe and readable with real parsers (htmlparser2 underneath both): sanitize-html
// keeps a whitelist for the stored copy, html-to-text extracts the body text. Mail HTML is hostile
// input, so anything not explicitly allowed is dropped; html-repair.ts keeps broken HTML's text.
import { convert } from 'html-to-text';
import sanitize from 'sanitize-html';
import { repairHtml } from './html-repair.js';

const ALLOWED_TAGS = ['a', 'b', 'i', 'u', 'em', 'strong', 'p', 'br', 'div', 'span', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'hr', 'img', 'font', 'small', 'sub', 'sup'];
// Never shown, text included: scripts, styles and the document's title are not the message.
const NON_TEXT = ['script', 'style', 'title', 'textarea', 'option', 'noscript', 'template', 'xml', 'svg', 'math', 'object', 'embed', 'iframe'];

const SANITIZE: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'cid'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid'] },
  allowProtocolRelative: false,
  nonTextTags: NON_TEXT,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...absoluteOnly(attribs, 'href'), rel: 'noopener noreferrer nofollow', target: '_blank' } }),
    img: (tagName, attribs) => ({ tagName, attribs: absoluteOnly(attribs, 'src') }),
  },
};

/** Relative URLs would resolve against our own origin where the copy is shown: only absolute ones stay. */
function absoluteOnly(attribs: sanitize.Attributes, name: string): sanitize.Attributes {
  const { [name]: url, ...rest } = attribs;
  return url && /^\s*(https?:|mailto:|cid:)/i.test(url) ? { ...rest, [name]: url } : rest;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Whitelist sanitizer: allowed tags keep allowed attributes; scripts, styles and unsafe URLs go. */
export function sanitizeHtml(html: string): string {
  return sanitize(repairHtml(html), SANITIZE);
}

/** Readable plain text from HTML: blocks become line breaks, links keep their target, quotes get ">". */
export function htmlToText(html: string): string {
  // From the sanitized copy: the text shows no more than the stored HTML does (no javascript: links).
  const text = convert(sanitizeHtml(html), {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, noAnchorUrl: true, linkBrackets: ['(', ')'] } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } }, { selector: 'h2', options: { uppercase: false } }, { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } }, { selector: 'h5', options: { uppercase: false } }, { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
  return text.replace(/\r/g, '').replace(/[ \t\u00a0]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}
