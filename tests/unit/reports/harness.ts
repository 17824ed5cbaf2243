// The reports, supervisor and CSAT routes as the real server serves them. Suites start the server
// with CSAT_ENV so survey tokens are signed with a known secret and links use a known origin.
import type { TestServer } from '../../helpers/server.js';

export const CSAT_SECRET = 'test-csat-secret-0123456789abcdef';
export const CSAT_ENV = { SECRET_KEY: CSAT_SECRET, PUBLIC_URL: 'http://survey.test' };

export function mountExtras(server: TestServer) {
  return {
    url: server.url,
    csat: server.app.ctx.csat,
    async get(route: string, token?: string) {
      const res = await fetch(server.url + route, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    close: async () => undefined,
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
