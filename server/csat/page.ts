// The server-rendered pages behind email/Slack survey links, in the customer's language: escaped text
// only, a strict CSP with a per-response nonce for the one inline style, and plain HTML forms.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { CSAT_TEXTS, type CsatLanguage } from './texts.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}textarea{width:100%;margin:.5rem 0;box-sizing:border-box}button{padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;font-size:1rem}.scores{display:flex;flex-wrap:wrap}.chosen{background:#1f4fd1;color:#fff;border:2px solid #1f4fd1}';

export interface PageView {
  title: string;
  text: string;
  /** A form for the optional comment after a rating. */
  commentAction?: string;
  /** The survey question: one button per score posting to `action`; `chosen` (from the link) has the focus. */
  question?: { action: string; chosen: number | null };
}

function questionForm(q: NonNullable<PageView['question']>, lang: CsatLanguage): string {
  const t = CSAT_TEXTS[lang];
  const buttons = [5, 4, 3, 2, 1].map((s) => `<button type="submit" name="score" value="${s}" aria-label="${escapeHtml(t.stars(s))}"${s === q.chosen ? ' class="chosen" autofocus' : ''}>${'★'.repeat(s)}${'☆'.repeat(5 - s)} ${s}</button>`).join('');
  return `<form method="post" action="${escapeHtml(q.action)}"><label for="c">${escapeHtml(t.commentLabel)}</label><textarea id="c" name="comment" maxlength="2000" rows="3"></textarea><p id="r">${escapeHtml(t.ratingHint)}</p><div class="scores" role="group" aria-labelledby="r">${buttons}</div></form>`;
}

export function renderPage(res: Response, status: number, view: PageView, lang: CsatLanguage = 'en'): void {
  const t = CSAT_TEXTS[lang];
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Language', lang);
  const form = view.question
    ? questionForm(view.question, lang)
    : view.commentAction
      ? `<form method="post" action="${escapeHtml(view.commentAction)}"><label for="c">${escapeHtml(t.commentLabel)}</label><textarea id="c" name="comment" maxlength="2000" rows="4"></textarea><button type="submit">${escapeHtml(t.send)}</button></form>`
      : '';
  res.status(status).type('html').send(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(view.title)}</title><style nonce="${nonce}">${STYLE}</style></head><body><h1>${escapeHtml(view.title)}</h1><p>${escapeHtml(view.text)}</p>${form}</body></html>`);
}
