// The browser-facing pages: /widget.js for any website, /demo, and the console at /console.
import express, { Router } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';
import { ROOT } from '../paths.js';
import { sendBuilt } from './built-assets.js';

export { WEB_DIST } from './built-assets.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Our pages talk to our own origin only (the socket too: 'self' covers ws/wss on the same host) and are framed by nobody.
const CONSOLE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const DEMO_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function staticRoutes(ctx: AppContext): Router {
  const r = Router();
  const pageHeaders = (res: express.Response, csp: string) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Frame-Options', 'DENY');
  };

  r.get(['/widget.js', '/widget.js.map'], (req, res) => sendBuilt(req, res, path.basename(req.path), { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }));
  r.get('/console/assets/:file', (req, res) => sendBuilt(req, res, String(req.params.file), { 'Cache-Control': 'public, max-age=300' }));
  r.get(['/console', '/console/*rest'], (_req, res) => {
    pageHeaders(res, CONSOLE_CSP);
    res.type('html').send(readFileSync(path.join(ROOT, 'agent-console/index.html'), 'utf8'));
  });
  r.get('/demo', async (_req, res) => {
    const inbox = await ctx.db.inbox.findFirst({ where: { channel: 'webchat', enabled: true }, orderBy: { createdAt: 'asc' } });
    const template = readFileSync(path.join(ROOT, 'widget/demo.html'), 'utf8');
    pageHeaders(res, DEMO_CSP);
    res.type('html').send(template.replace('{{INBOX_TOKEN}}', escapeHtml(inbox?.publicToken ?? '')));
  });
  r.get('/', (_req, res) => res.redirect('/console'));
  return r;
}
