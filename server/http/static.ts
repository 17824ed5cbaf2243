// The browser-facing pages: /widget.js for any website, /demo, and the console at /console.
import express, { Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';

import { ROOT } from '../paths.js';

export const WEB_DIST = path.join(ROOT, 'dist/web');

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function built(file: string): string {
  const p = path.join(WEB_DIST, file);
  if (!existsSync(p)) throw new Error(`${p} is missing: run npm run build:web`);
  return p;
}

export function staticRoutes(ctx: AppContext): Router {
  const r = Router();
  const pageHeaders = (res: express.Response) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
  };

  r.get('/widget.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.sendFile(built('widget.js'));
  });
  r.get('/widget.js.map', (_req, res) => res.sendFile(built('widget.js.map')));
  r.use('/console/assets', express.static(WEB_DIST, { index: false, maxAge: '5m' }));
  r.get(['/console', '/console/*rest'], (_req, res) => {
    pageHeaders(res);
    res.type('html').send(readFileSync(path.join(ROOT, 'agent-console/index.html'), 'utf8'));
  });
  r.get('/demo', async (_req, res) => {
    const inbox = await ctx.db.inbox.findFirst({ where: { channel: 'webchat', enabled: true }, orderBy: { createdAt: 'asc' } });
    const template = readFileSync(path.join(ROOT, 'widget/demo.html'), 'utf8');
    res.setHeader('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:");
    res.type('html').send(template.replace('{{INBOX_TOKEN}}', escapeHtml(inbox?.publicToken ?? '')));
  });
  r.get('/', (_req, res) => res.redirect('/console'));
  return r;
}
