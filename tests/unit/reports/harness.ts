// Mounts the reports, supervisor and CSAT routers on their own port over a test server's context,
// with the CSAT service wired as the lead will wire it in server/app.ts (listen + outbox handler).
import express from 'express';
import type { AddressInfo } from 'node:net';
import { CsatService } from '../../../server/csat/service.js';
import { errorHandler } from '../../../server/http/errors.js';
import { csatRoutes } from '../../../server/http/routes/csat.js';
import { reportRoutes } from '../../../server/http/routes/reports.js';
import { supervisorRoutes } from '../../../server/http/routes/supervisor.js';
import type { TestServer } from '../../helpers/server.js';

export const CSAT_SECRET = 'test-csat-secret-0123456789abcdef';

export async function mountExtras(server: TestServer, publicUrl = 'http://survey.test') {
  const ctx = server.app.ctx;
  const csat = new CsatService(ctx.db, ctx.bus, CSAT_SECRET, { publicUrl, kick: () => ctx.outbox.kick(), log: ctx.log });
  csat.register(ctx.outbox);
  csat.listen();
  const app = express();
  const api = express.Router();
  api.use('/reports', reportRoutes(ctx));
  api.use('/supervisor', supervisorRoutes(ctx));
  app.use('/api', api);
  app.use('/csat', csatRoutes(csat, ctx.log));
  app.use(errorHandler(ctx.log));
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => http.once('listening', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url, csat,
    async get(route: string, token?: string) {
      const res = await fetch(url + route, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}

/** A customer, inbox and conversation written straight to the database (no routing events). */
export async function makeConversation(server: TestServer, input: { channel: string; teamId?: string | null; assigneeId?: string | null; createdAt: Date; type?: string; phone?: string; email?: string; status?: string }) {
  const db = server.app.ctx.db;
  const inbox = (await db.inbox.findFirst({ where: { channel: input.channel } })) ?? (await db.inbox.create({ data: { channel: input.channel, name: input.channel, publicToken: `pt-${Math.random().toString(36).slice(2)}` } }));
  const customer = await db.customer.create({ data: { name: 'Cus', email: input.email ?? null, phone: input.phone ?? null } });
  if (input.phone) await db.customerIdentity.create({ data: { customerId: customer.id, kind: 'phone', value: input.phone } });
  if (input.email) await db.customerIdentity.create({ data: { customerId: customer.id, kind: 'email', value: input.email } });
  return db.conversation.create({
    data: { inboxId: inbox.id, customerId: customer.id, channel: input.channel, teamId: input.teamId ?? null, assigneeId: input.assigneeId ?? null, createdAt: input.createdAt, type: input.type ?? 'support', status: input.status ?? 'open' },
  });
}
