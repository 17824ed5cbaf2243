// One-click survey links (email, Slack): GET /csat/:token/:score stores the rating and thanks the
// customer; POST /csat/:token/comment adds the optional comment. Mounted outside /api (HTML, forms).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { body } from '../body.js';
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

  r.get('/:token/:score', async (req: Request, res: Response) => {
    const score = /^[1-5]$/.test(String(req.params.score)) ? Number(req.params.score) : NaN;
    try {
      if (Number.isNaN(score)) throw new AppError('VALIDATION_FAILED', 'The rating must be 1 to 5.', 'score');
      await csat.submit(String(req.params.token), score);
      renderPage(res, 200, { title: 'Thank you!', text: `You rated us ${score} out of 5.`, commentAction: `/csat/${encodeURIComponent(String(req.params.token))}/comment` });
    } catch (err) {
      fail(res, err);
    }
  });

  r.post('/:token/comment', body.urlencoded({ extended: false, limit: '16kb' }), async (req: Request, res: Response, _next: NextFunction) => {
    try {
      await csat.addComment(String(req.params.token), (req.body as Record<string, unknown> | undefined)?.comment);
      renderPage(res, 200, { title: 'Thank you!', text: 'Your comment was saved.' });
    } catch (err) {
      fail(res, err);
    }
  });
  return r;
}
