// Purchases: the ERP API is idempotent by order number, and a 10,000-row CSV import with bad
// lines reports each bad line by number, inserts the rest, and inserts nothing on re-import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerValue } from '../../server/customers/value.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startHarness, type Harness } from '../unit/customers/harness.js';
import { randomId } from './support.js';

type Progress = { status: string; processed: number; total: number; inserted: number; skipped: number; errors: { line: number; field: string; message: string }[]; errorCount: number };

describe.each(databases())('purchases on %s', (db) => {
  let server: TestServer;
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    h = await startHarness(server);
    token = await server.login();
  });
  afterAll(async () => {
    await h?.close();
    await server?.app.ctx.routing.stop();
    await server?.close();
  });

  it('stores an order once: the same order number again returns the existing row', async () => {
    const email = `${randomId('buyer')}@Example.com`;
    const body = { orderNumber: randomId('ord'), amountCents: 120_000, currency: 'eur', items: ['sku-1'], purchasedAt: '2026-11-01T10:00:00Z', customer: { email, name: 'Buyer' } };
    const first = await h.api<{ id: string; customerId: string; created: boolean; currency: string }>('POST', '/api/purchases', { token, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.currency).toBe('EUR');
    const again = await h.api<{ id: string; created: boolean }>('POST', '/api/purchases', { token, body: { ...body, amountCents: 1 } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, created: false });
    const racing = await Promise.all([1, 2, 3].map(() => h.api<{ id: string }>('POST', '/api/purchases', { token, body: { ...body, orderNumber: body.orderNumber + '-r' } })));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    expect(await server.app.ctx.db.purchase.count({ where: { orderNumber: { startsWith: body.orderNumber } } })).toBe(2);
    // Matched by the email identity (normalized), not duplicated.
    const other = await h.api<{ customerId: string }>('POST', '/api/purchases', { token, body: { ...body, orderNumber: randomId('ord'), customer: { email: email.toLowerCase() } } });
    expect(other.body.customerId).toBe(first.body.customerId);
    expect(await customerValue(server.app.ctx.db, first.body.customerId)).toEqual({ lifetimeValueCents: 360_000, currency: 'EUR', vip: true });
    const profile = await h.api<{ lifecycle: { stage: string }; lifetimeValue: unknown[] }>('GET', `/api/customers/${first.body.customerId}`, { token });
    expect(profile.body.lifecycle.stage).toBe('loyal');
    expect(profile.body.lifetimeValue).toEqual([{ currency: 'EUR', amountCents: 360_000 }]);
  });

  it('validates the purchase body', async () => {
    const res = await h.api<{ field: string }>('POST', '/api/purchases', { token, body: { orderNumber: 'x', amountCents: 5 } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('customer');
    expect((await h.api('POST', '/api/purchases', { token, body: { orderNumber: 'y', amountCents: 5, customerId: 'nobody' } })).status).toBe(404);
  });

  it('imports 10,000 CSV rows in the background, reporting bad lines and skipping on re-import', async () => {
    const run = randomId('imp');
    const bad = new Map<number, string>();
    const lines = ['orderNumber,email,name,amount,currency,purchasedAt,items'];
    for (let i = 0; i < 10_000; i++) {
      const line = i + 2;
      let amount = `${(i % 500) + 1}.${String(i % 100).padStart(2, '0')}`;
      let email = `buyer${i % 300}.${run}@example.com`;
      let date = '2026-10-01T12:00:00Z';
      if (i % 997 === 5) (amount = 'abc'), bad.set(line, 'amount');
      else if (i % 1499 === 7) (email = 'not-an-email'), bad.set(line, 'email');
      else if (i % 2003 === 11) (date = 'someday'), bad.set(line, 'purchasedAt');
      else if (i === 4242) bad.set(line, 'csv');
      const name = i % 2 ? `"Doe, ""J"" ${i % 300}"` : `Buyer ${i % 300}`;
      lines.push(i === 4242 ? `${run}-${i},x"y@example.com,n,1.00,USD,,` : `${run}-${i},${email},${name},${amount},USD,${date},"sku-${i};gift"`);
    }
    const csv = lines.join('\r\n') + '\r\n';
    const start = await h.api<{ jobId: string; total: number }>('POST', '/api/purchases/import', { token, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    expect(start.body.total).toBe(10_000);

    const seen: number[] = [];
    const wait = async (jobId: string) => {
      for (let i = 0; i < 600; i++) {
        const p = await h.api<Progress>('GET', `/api/purchases/import/${jobId}`, { token });
        seen.push(p.body.processed);
        if (p.body.status !== 'running') return p.body;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('import did not finish');
    };
    const done = await wait(start.body.jobId);
    expect(done.status).toBe('done');
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(done).toMatchObject({ processed: 10_000, total: 10_000, inserted: 10_000 - bad.size, skipped: 0, errorCount: bad.size });
    expect(done.errors.map((e) => [e.line, e.field])).toEqual([...bad.entries()]);
    expect(await server.app.ctx.db.purchase.count({ where: { orderNumber: { startsWith: `${run}-` } } })).toBe(10_000 - bad.size);
    const customers = await server.app.ctx.db.customerIdentity.count({ where: { kind: 'email', value: { endsWith: `.${run}@example.com` } } });
    expect(customers).toBe(300);

    const again = await h.api<{ jobId: string }>('POST', '/api/purchases/import', { token, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    const second = await wait(again.body.jobId);
    expect(second).toMatchObject({ status: 'done', inserted: 0, skipped: 10_000 - bad.size, errorCount: bad.size });
    expect(await server.app.ctx.db.purchase.count({ where: { orderNumber: { startsWith: `${run}-` } } })).toBe(10_000 - bad.size);
  }, 120_000);

  it('refuses a header without the needed columns, and non-CSV bodies', async () => {
    const res = await h.api<{ field: string }>('POST', '/api/purchases/import', { token, body: 'email,amount\nx@example.com,1', headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('header');
    expect((await h.api('POST', '/api/purchases/import', { token, body: { a: 1 } })).status).toBe(415);
    expect((await h.api('GET', '/api/purchases/import/00000000-0000-4000-8000-000000000000', { token })).status).toBe(404);
  });
});
