// Survey links (email, Slack): GET (and HEAD) /csat/:token/:score only shows the question, because
// link scanners fetch every link in a mail; the vote is the page's form, POST /csat/:token {score,
// comment?}, one click for a person. POST /csat/:token/comment adds a comment later. Outside /api (HTML, forms).
// Pages speak the conversation's language; a link that names none (forged, expired) follows Accept-Language.
import { Router, type Request, type Response } from 'express';
import { body as bodyParser } from '../body.js';
import { renderPage } from '../../csat/page.js';
import type { CsatService } from '../../csat/service.js';
import { CSAT_TEXTS, csatLanguage, type CsatLanguage, type CsatTexts } from '../../csat/texts.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';

const STATUS: Record<keyof CsatTexts['errors'], number> = { INVALID_SIGNATURE: 401, VALIDATION_FAILED: 400, CONFLICT: 409, CONVERSATION_NOT_FOUND: 404 };
const isPageError = (code: string): code is keyof CsatTexts['errors'] => code in STATUS;

export function csatRoutes(csat: CsatService, log: Logger): Router {
  const r = Router();
  const tokenOf = (req: Request) => String(req.params.token);
  const languageOf = async (req: Request): Promise<CsatLanguage> => {
    const browser = req.acceptsLanguages('en', 'zh');
    return (await csat.languageOf(tokenOf(req)).catch(() => null)) ?? csatLanguage(browser || null);
  };

  const fail = (res: Response, err: unknown, lang: CsatLanguage) => {
    const t = CSAT_TEXTS[lang];
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.field === 'score') return renderPage(res, 400, { title: t.missing, text: t.scoreInvalid }, lang);
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.field !== 'token') return renderPage(res, 400, { title: t.missing, text: err.message }, lang);
    if (err instanceof AppError && isPageError(err.code)) return renderPage(res, STATUS[err.code], t.errors[err.code], lang);
    log.error({ err }, 'csat page failed');
    renderPage(res, 500, t.failed, lang);
  };

  const form = bodyParser.urlencoded({ extended: false, limit: '16kb' });

  r.get('/:token/:score', async (req: Request, res: Response) => {
    const chosen = /^[1-5]$/.test(String(req.params.score)) ? Number(req.params.score) : null;
    const lang = await languageOf(req);
    try {
      await csat.checkOpen(tokenOf(req));
      renderPage(res, 200, { ...CSAT_TEXTS[lang].question, question: { action: `/csat/${encodeURIComponent(tokenOf(req))}`, chosen } }, lang);
    } catch (err) {
      fail(res, err, lang);
    }
  });

  r.post('/:token', form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const score = typeof body.score === 'string' && /^[1-5]$/.test(body.score) ? Number(body.score) : NaN;
    const lang = await languageOf(req);
    const t = CSAT_TEXTS[lang];
    try {
      if (Number.isNaN(score)) throw new AppError('VALIDATION_FAILED', t.scoreInvalid, 'score');
      const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment : undefined;
      await csat.submit(tokenOf(req), score, comment);
      const thanks = { title: t.thanks, text: t.rated(score) };
      renderPage(res, 200, comment ? thanks : { ...thanks, commentAction: `/csat/${encodeURIComponent(tokenOf(req))}/comment` }, lang);
    } catch (err) {
      fail(res, err, lang);
    }
  });

  r.post('/:token/comment', form, async (req: Request, res: Response) => {
    const lang = await languageOf(req);
    try {
      await csat.addComment(tokenOf(req), (req.body as Record<string, unknown> | undefined)?.comment);
      renderPage(res, 200, { title: CSAT_TEXTS[lang].thanks, text: CSAT_TEXTS[lang].commentSaved }, lang);
    } catch (err) {
      fail(res, err, lang);
    }
  });
  return r;
}
