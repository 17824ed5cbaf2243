// Serves the Customer 360 routers over a running test server's context, mounted exactly as the
// report asks http/app.ts to mount them, so the suites run before (and after) the lead wires them.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { errorHandler, notFoundHandler } from '../../../server/http/errors.js';
import { customerRoutes } from '../../../server/http/routes/customers.js';
import { leadRoutes } from '../../../server/http/routes/leads.js';
import { purchaseImportRoutes, purchaseRoutes } from '../../../server/http/routes/purchases.js';
import { webhookRoutes } from '../../../server/http/routes/webhooks.js';
import { listenForWebhooks } from '../../../server/webhooks/listener.js';
import type { TestServer } from '../../helpers/server.js';

export interface Harness {
  api<T = unknown>(method: string, route: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startHarness(server: TestServer): Promise<Harness> {
  const ctx = server.app.ctx;
  listenForWebhooks(ctx);
  const app = express();
  app.use('/api/purchases/import', purchaseImportRoutes(ctx));
  const api = express.Router();
  api.use(express.json({ limit: '512kb' }));
  api.use('/customers', customerRoutes(ctx));
  api.use('/purchases', purchaseRoutes(ctx));
  api.use('/leads', leadRoutes(ctx));
  api.use('/webhooks', webhookRoutes(ctx));
  api.use(notFoundHandler);
  app.use('/api', api);
  app.use(errorHandler(ctx.log));
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    async api(method, route, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + route, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
