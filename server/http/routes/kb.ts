// Knowledge-base API: articles, review workflow and stats for staff; search, published articles,
// votes and deflections for everyone (docs/knowledge-base.md).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { body } from '../body.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { kbStats, openPublicArticle, recordDeflection, recordUsage, vote } from '../../kb/engagement.js';
import { articleHistory, listArticles } from '../../kb/listing.js';
import { markdownToText, renderMarkdown } from '../../kb/markdown.js';
import {
  articleSchema, deflectionSchema, listQuery, previewSchema, searchQuery, settingsSchema, usedSchema, voteSchema,
} from '../../kb/schemas.js';
import { getKbSettings, setKbSettings } from '../../kb/settings.js';
import type { Actor } from '../../kb/workflow.js';
import { requireRole } from '../auth.js';
import { rateLimit } from '../rate-limit.js';
import { idParams, parse } from '../validate.js';

// Public reads carry no cookies or tokens, so any website embedding the widget may make them.
function anyOrigin(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
}

// The widget's vote is JSON, so browsers ask first; the answer allows exactly that.
function preflight(_req: Request, res: Response) {
  res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' });
  res.status(204).end();
}

/** text/plain beacons carry JSON as a string; JSON requests arrive parsed already. */
function beaconBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('MALFORMED_JSON');
  }
}

/**
 * POST /api/kb/public/deflections, mounted by server/http/app.ts ahead of /api: the widget sends it with
 * navigator.sendBeacon, which cannot send JSON cross-origin, so it arrives as text/plain (JSON inside),
 * which the JSON-only check of /api would refuse. Anonymous, so there is no session a forged post could use.
 */
export function kbBeaconRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(anyOrigin);
  r.options('/', preflight);
  r.post('/', rateLimit(30, 60), body.json({ limit: '4kb' }), body.text({ type: 'text/plain', limit: '4kb' }), async (req, res) => {
    // The same test as /api's JSON check: an empty body is a validation error below, not a media type.
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'text/plain'])) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the JSON as application/json or text/plain');
    const input = parse(deflectionSchema, beaconBody(req.body));
    await recordDeflection(ctx.db, input.articleId, input.inboxToken);
    res.status(204).end();
  });
  return r;
}

export function kbRoutes(ctx: AppContext): Router {
  const r = Router();
  const staff = requireRole(ctx.sessions);
  const supervisor = requireRole(ctx.sessions, 'supervisor');
  const admin = requireRole(ctx.sessions, 'admin');
  const actor = (req: Request): Actor => ({ id: req.user!.id, role: req.user!.role });
  const articleId = (req: Request) => parse(idParams, req.params).id;

  // ---- public: the widget on any website, the help center ----
  r.use(['/search', '/public'], anyOrigin);
  r.options('/articles/:id/vote', preflight);

  r.get('/search', rateLimit(120, 60), async (req, res) => {
    const q = parse(searchQuery, req.query);
    const hits = await ctx.kb.search(q.q, q.limit, q.language);
    res.json({ hits: hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet })) });
  });
  r.get('/public/articles/:id', rateLimit(120, 60), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await openPublicArticle(ctx.db, articleId(req), req.method === 'GET'));
  });
  // One visitor, one article: a few votes an hour (a change of mind), not a stream.
  r.post('/articles/:id/vote', anyOrigin, rateLimit(30, 60), rateLimit(3, 3600, (req) => `${req.ip}:${String(req.params.id)}`), async (req, res) => {
    const id = articleId(req);
    res.json(await vote(ctx.db, id, parse(voteSchema, req.body).helpful));
  });

  // ---- staff ----
  r.get('/articles', staff, async (req, res) => {
    res.json(await listArticles(ctx.db, ctx.kb.index, parse(listQuery, req.query)));
  });
  r.post('/articles', staff, async (req, res) => {
    res.status(201).json(await ctx.kb.create(parse(articleSchema, req.body), actor(req)));
  });
  r.get('/articles/:id', staff, async (req, res) => {
    const article = await ctx.kb.get(articleId(req));
    // Plain text for "insert answer" in the console: what a customer reads on any channel.
    res.json({ ...article, text: markdownToText(article.body) });
  });
  r.patch('/articles/:id', staff, async (req, res) => {
    const id = articleId(req);
    res.json(await ctx.kb.update(id, parse(articleSchema.partial(), req.body), actor(req)));
  });
  r.get('/articles/:id/versions', staff, async (req, res) => {
    res.json(await articleHistory(ctx.db, articleId(req)));
  });
  r.post('/articles/:id/used', staff, async (req, res) => {
    const id = articleId(req);
    const input = parse(usedSchema, req.body);
    res.json(await recordUsage(ctx.db, id, req.user!.id, input.conversationId, input.helped));
  });
  r.post('/preview', staff, (req, res) => {
    res.json({ html: renderMarkdown(parse(previewSchema, req.body).body) });
  });
  r.get('/settings', staff, async (_req, res) => {
    res.json(await getKbSettings(ctx.db));
  });
  r.put('/settings', admin, async (req, res) => {
    res.json(await setKbSettings(ctx.db, parse(settingsSchema, req.body)));
  });
  r.get('/stats', supervisor, async (_req, res) => {
    res.json(await kbStats(ctx.db));
  });
  return r;
}
