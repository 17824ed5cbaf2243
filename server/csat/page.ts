// The server-rendered pages behind email/Slack survey links: escaped text only, a strict CSP with a
// per-response nonce for the one inline style, and a plain HTML form for the optional comment.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function renderPage(res: Response, status: number, view: { title: string; text: string; commentAction?: string }): void {
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  const form = view.commentAction
    ? `<form method="post" action="${escapeHtml(view.commentAction)}"><label for="c">Anything to add? (optional)</label><textarea id="c" name="comment" maxlength="2000" rows="4"></textarea><button type="submit">Send</button></form>`
    : '';
  res.status(status).type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(view.title)}</title><style nonce="${nonce}">body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}textarea{width:100%;margin:.5rem 0}button{padding:.5rem 1rem}</style></head><body><h1>${escapeHtml(view.title)}</h1><p>${escapeHtml(view.text)}</p>${form}</body></html>`);
}
