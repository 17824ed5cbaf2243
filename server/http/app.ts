// The express application: JSON API under /api, pages and the widget script beside it.
import querystring from 'node:querystring';
import express from 'express';
import { cleanDeep } from '../text.js';
import { body } from './body.js';
import type { ChannelHost } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { databaseHealth } from '../db/client.js';
import { AppError } from '../errors.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { adminRoutes } from './routes/admin.js';
import { attachmentRoutes } from './routes/attachments.js';
import { attachmentUploadRoutes, widgetUploadRoutes } from './routes/attachment-uploads.js';
import { authRoutes } from './routes/auth.js';
import { cannedResponseRoutes } from './routes/canned-responses.js';
import { conversationRoutes } from './routes/conversations.js';
import { customerRoutes } from './routes/customers.js';
import { helpRoutes } from './routes/help.js';
import { kbBeaconRoutes, kbRoutes } from './routes/kb.js';
import { leadRoutes } from './routes/leads.js';
import { purchaseImportRoutes, purchaseRoutes } from './routes/purchases.js';
import { webhookRoutes } from './routes/webhooks.js';
import { reportRoutes } from './routes/reports.js';
import { csatRoutes } from './routes/csat.js';
import { routingRoutes } from './routes/routing.js';
import { settingsRoutes } from './routes/settings.js';
import { supervisorRoutes } from './routes/supervisor.js';
import { staticRoutes } from './static.js';

export function createHttpApp(ctx: AppContext, dbProvider: string, host: ChannelHost): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (ctx.config.TRUST_PROXY !== false) app.set('trust proxy', ctx.config.TRUST_PROXY);
  // Query strings are text that enters too: cleaned like bodies (server/text.ts).
  app.set('query parser', (query: string) => cleanDeep(querystring.parse(query)));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => ctx.log.info({ method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request'));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });

  const api = express.Router();
  api.use(body.json({ limit: '512kb' }));
  // Bodies must be JSON: a cross-site form cannot send it without a CORS preflight.
  api.use((req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE'));
    next();
  });
  api.get('/health', async (_req, res) => {
    // 503 while the database cannot store data (a full disk), so a load balancer and an admin see it.
    const storage = await databaseHealth(ctx.db);
    res.status(storage.ok ? 200 : 503).json({ status: storage.ok ? 'ok' : 'failing', database: dbProvider, storage, search: ctx.config.MEILISEARCH_URL ? 'meilisearch' : 'embedded', uptimeSec: Math.round(process.uptime()) });
  });
  api.use('/auth', authRoutes(ctx));
  api.use('/conversations', conversationRoutes(ctx));
  api.use('/customers', customerRoutes(ctx));
  api.use('/purchases', purchaseRoutes(ctx));
  api.use('/leads', leadRoutes(ctx));
  api.use('/webhooks', webhookRoutes(ctx));
  api.use('/routing', routingRoutes(ctx));
  api.use('/kb', kbRoutes(ctx));
  api.use('/supervisor', supervisorRoutes(ctx));
  api.use('/reports', reportRoutes(ctx));
  api.use('/attachments', attachmentRoutes(ctx));
  api.use('/settings', settingsRoutes(ctx));
  api.use('/canned-responses', cannedResponseRoutes(ctx));
  api.use('/', adminRoutes(ctx, host));
  api.use(notFoundHandler);

  // Provider webhooks, each verified by its adapter, which parses its own (raw) body.
  for (const adapter of Object.values(ctx.adapters)) if (adapter?.routes) app.use(`/channels/${adapter.channel}`, adapter.routes(host));
  // The CSV import takes text/csv, which the JSON-only check of /api would refuse.
  app.use('/api/purchases/import', purchaseImportRoutes(ctx));
  // The KB deflection beacon is text/plain (navigator.sendBeacon cannot send JSON cross-origin).
  app.use('/api/kb/public/deflections', kbBeaconRoutes(ctx));
  // Uploads are multipart, which the JSON-only check of /api would refuse.
  app.use('/api/attachments', attachmentUploadRoutes(ctx));
  app.use('/api/widget/attachments', widgetUploadRoutes(ctx));
  app.use('/api', api);
  app.use('/help', helpRoutes(ctx));
  app.use('/csat', csatRoutes(ctx.csat, ctx.log));
  app.use(staticRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
