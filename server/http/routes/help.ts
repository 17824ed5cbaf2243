// The public help center: /help -> /help/<lang>, /help/<lang>[?q=] lists or searches published
// articles, /help/<lang>/<id> shows one (counting the view). Plain HTML, no scripts allowed by CSP.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { body } from '../body.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { openPublicArticle, vote } from '../../kb/engagement.js';
import { articlePage, listPage, messagePage, searchPage } from '../../kb/help-pages.js';
import { pickHelpLang, type HelpLang } from '../../kb/help-strings.js';
import { q as querySchema } from '../../kb/schemas.js';
import { rateLimit } from '../rate-limit.js';
import { id as idSchema } from '../validate.js';

// Articles may show images from anywhere over https; nothing may run, frame us or post elsewhere.
const CSP = "default-src 'none'; img-src 'self' data: https:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const langOf = (v: unknown): HelpLang | null => (v === 'en' || v === 'zh' ? v : null);
const idOf = (v: unknown): string | null => (idSchema.safeParse(v).success ? (v as string) : null);

function send(res: Response, status: number, html: string): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  // Every visit counts as a view, so shared caches must not answer for us.
  res.setHeader('Cache-Control', 'no-cache');
  res.status(status).type('html').send(html);
}

export function helpRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/', (req, res) => {
    res.setHeader('Vary', 'Accept-Language');
    res.redirect(302, `/help/${pickHelpLang(req.headers['accept-language'])}`);
  });

  r.get('/:lang', rateLimit(120, 60), async (req, res) => {
    const lang = langOf(req.params.lang);
    if (!lang) return send(res, 404, messagePage('en', 'notFound'));
    const raw = typeof req.query.q === 'string' ? req.query.q : '';
    if (raw.trim()) {
      const parsed = querySchema.safeParse(raw);
      if (!parsed.success) return send(res, 400, messagePage(lang, 'badQuery'));
      const hits = await ctx.kb.search(parsed.data, 20, lang);
      return send(res, 200, searchPage(lang, parsed.data, hits));
    }
    const articles = await ctx.db.article.findMany({
      where: { status: 'published', language: lang }, orderBy: [{ title: 'asc' }, { id: 'asc' }], take: 1000, select: { id: true, title: true, category: true },
    });
    send(res, 200, listPage(lang, articles));
  });

  r.get('/:lang/:id', rateLimit(120, 60), async (req, res) => {
    const lang = langOf(req.params.lang);
    const id = idOf(req.params.id);
    const found = id ? await ctx.db.article.findFirst({ where: { id, status: 'published' }, select: { language: true } }) : null;
    if (!lang || !id || !found) return send(res, 404, messagePage(lang ?? 'en', 'notFound'));
    // One address per article: links built with the wrong language still land on the right page.
    if (found.language !== lang && langOf(found.language)) return res.redirect(302, `/help/${found.language}/${encodeURIComponent(id)}`);
    const voted = req.query.voted !== undefined;
    // The redirect after a vote is the same reader, not a second view; HEAD (link checkers) reads nothing.
    const article = await openPublicArticle(ctx.db, id, !voted && req.method === 'GET');
    send(res, 200, articlePage(lang, article, voted));
  });

  // A plain form post, so voting works without JavaScript; anonymous, hence no CSRF token to protect.
  r.post('/:lang/:id/vote', rateLimit(30, 60), rateLimit(3, 3600, (req) => `${req.ip}:${String(req.params.id)}`),
    body.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
      const lang = langOf(req.params.lang);
      const id = idOf(req.params.id);
      const choice = (req.body as Record<string, unknown> | undefined)?.helpful;
      if (!lang || !id) return send(res, 404, messagePage(lang ?? 'en', 'notFound'));
      if (choice !== 'yes' && choice !== 'no') return res.redirect(303, `/help/${lang}/${encodeURIComponent(id)}`);
      await vote(ctx.db, id, choice === 'yes');
      res.redirect(303, `/help/${lang}/${encodeURIComponent(id)}?voted=1`);
    });

  // Errors become pages here: visitors of the help center never see the API's JSON.
  r.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof AppError) || err.statusCode >= 500) return next(err);
    // Route params are gone by now: the language is the first path segment.
    const lang = langOf(req.path.split('/')[1]) ?? pickHelpLang(req.headers['accept-language']);
    send(res, err.statusCode, messagePage(lang, err.code === 'RATE_LIMITED' ? 'tooMany' : 'notFound'));
  });
  return r;
}
