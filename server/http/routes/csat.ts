// Survey links (email, Slack): GET (and HEAD) /csat/:token/:score only shows the question, because
// link scanners fetch every link in a mail; the vote is the page's form, POST /csat/:token {score,
// comment?}, one click for a person. POST /csat/:token/comment adds a comment later. Outside /api (HTML, forms).
import { Router, type Request, type Response } from 'express';
import { body as bodyParser } from '../body.js';
import { renderPage } from '../../csat/page.js';
import type { CsatService } from '../../csat/service.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';

const PAGES: Partial<Record<string, { status: number; title: string; text: string }>> = {
  INVALID_SIGNATURE: { status: 401, title: 'This link is not valid', text: 'Please use the link from your message exactly as it was sent.' },
  VALIDATION_FAILED: { status: 400, title: 'This link has expired', text: 'Survey links work for 7 days. Thank you anyway!' },
  CONFLICT: { status: 409, title: 'Already rated', text: 'We already have your rating for this conversation. Thank you!' },
  CONVERSATION_NOT_FOUND: { status: 404, title: 'Conversation not found', text: 'This conversation no longer exists.' },
};

export function csatRoutes(csat: CsatService, log: Logger): Router {
  const r = Router();
  const fail = (res: Response, err: unknown) => {
    const page = err instanceof AppError ? PAGES[err.code] : undefined;
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.field !== 'token') return renderPage(res, 400, { title: 'Something is missing', text: err.message });
    if (page) return renderPage(res, page.status, page);
    log.error({ err }, 'csat page failed');
    renderPage(res, 500, { title: 'Something went wrong', text: 'Please try again later.' });
  };

  const form = bodyParser.urlencoded({ extended: false, limit: '16kb' });
  const tokenOf = (req: Request) => String(req.params.token);

  r.get('/:token/:score', async (req: Request, res: Response) => {
    const chosen = /^[1-5]$/.test(String(req.params.score)) ? Number(req.params.score) : null;
    try {
      await csat.checkOpen(tokenOf(req));
      renderPage(res, 200, { title: 'How did we do?', text: 'Please rate this conversation.', question: { action: `/csat/${encodeURIComponent(tokenOf(req))}`, chosen } });
    } catch (err) {
      fail(res, err);
    }
  });

  r.post('/:token', form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const score = typeof body.score === 'string' && /^[1-5]$/.test(body.score) ? Number(body.score) : NaN;
    try {
      if (Number.isNaN(score)) throw new AppError('VALIDATION_FAILED', 'The rating must be 1 to 5.', 'score');
      const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment : undefined;
      await csat.submit(tokenOf(req), score, comment);
      const thanks = { title: 'Thank you!', text: `You rated us ${score} out of 5.` };
      renderPage(res, 200, comment ? thanks : { ...thanks, commentAction: `/csat/${encodeURIComponent(tokenOf(req))}/comment` });
    } catch (err) {
      fail(res, err);
    }
  });

  r.post('/:token/comment', form, async (req: Request, res: Response) => {
    try {
      await csat.addComment(tokenOf(req), (req.body as Record<string, unknown> | undefined)?.comment);
      renderPage(res, 200, { title: 'Thank you!', text: 'Your comment was saved.' });
    } catch (err) {
      fail(res, err);
    }
  });
  return r;
}
