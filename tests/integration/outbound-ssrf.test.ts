// SSRF: nothing an admin types makes the server connect to loopback, private, link-local or cloud
// metadata addresses. Webhook URLs are resolved and every address is checked when saved and again
// when sent (the connection goes to a checked address); an explicit admin allow-list opens chosen
// hosts or subnets. Provider API base URLs (where Twilio and Slack credentials go) are not inbox
// settings at all: only the environment can set them (TWILIO_API_URL, SLACK_API_URL, for stand-ins).
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { createStaff, randomId } from './support.js';

type ErrorShape = { code: string; message: string; field?: string };

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;
  let rx: Server;
  let rxPort: number;
  const received: string[] = [];
  // Stands for the local Redis of the report: any TCP connection to it at all is the bug.
  let redisLike: TcpServer;
  let redisPort: number;
  let redisConnections = 0;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
    rx = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => void (received.push(body), res.writeHead(200).end()));
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    rxPort = (rx.address() as AddressInfo).port;
    redisLike = createTcpServer((s) => void (redisConnections++, s.destroy()));
    await new Promise<void>((r) => redisLike.listen(0, '127.0.0.1', r));
    redisPort = (redisLike.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((r) => rx.close(() => r()));
    await new Promise<void>((r) => redisLike.close(() => r()));
  });

  const createHook = (url: string) => server.api<ErrorShape & { id: string }>('POST', '/api/webhooks', { token: admin, body: { url, events: ['customer.updated'] } });
  const setAllowList = (allowList: string[]) => server.api<ErrorShape & { allowList: string[] }>('PUT', '/api/settings/outbound', { token: admin, body: { allowList } });
  const jobsOf = (endpointId: string) => server.app.ctx.db.outboxJob.findMany({ where: { kind: 'webhook.deliver', dedupeKey: { startsWith: `webhook:${endpointId}:` } } });
  const touchCustomer = async () => {
    const c = await server.app.ctx.db.customer.create({ data: { name: randomId('c') } });
    expect((await server.api('PATCH', `/api/customers/${c.id}`, { token: admin, body: { name: randomId('renamed') } })).status).toBe(200);
  };
  async function settled(endpointId: string) {
    for (let i = 0; i < 100; i++) {
      await server.app.ctx.outbox.drain();
      const jobs = await jobsOf(endpointId);
      if (jobs.length && jobs.every((j) => j.status !== 'pending' || j.lastError !== null)) return jobs;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the webhook job never ran');
  }

  it.each([
    'http://127.0.0.1:6379/', 'http://localhost:6379/', 'http://[::1]:6379/', 'http://0.0.0.0:6379/', 'http://[::ffff:127.0.0.1]:6379/',
    'http://2130706433/', 'http://0x7f.1/', 'http://10.1.2.3/hook', 'http://172.16.5.4/', 'http://192.168.0.10/', 'http://100.100.100.200/latest',
    'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/', 'http://224.0.0.1/',
  ])('a webhook to %s is refused when saved, naming the url', async (url) => {
    const res = await createHook(url);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ code: 'URL_NOT_ALLOWED', field: 'url' });
  });

  it('a name that does not resolve is refused too; a public address is fine; PATCH is checked like POST', async () => {
    expect((await createHook(`http://${randomId('nowhere')}.invalid/`)).body).toMatchObject({ code: 'URL_NOT_ALLOWED', field: 'url' });
    const ok = await createHook('https://93.184.216.34/hook');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const patched = await server.api<ErrorShape>('PATCH', `/api/webhooks/${ok.body.id}`, { token: admin, body: { url: 'http://localhost:6379/' } });
    expect(patched.status).toBe(400);
    expect(patched.body).toMatchObject({ code: 'URL_NOT_ALLOWED', field: 'url' });
    expect((await server.api('DELETE', `/api/webhooks/${ok.body.id}`, { token: admin })).status).toBe(204);
  });

  it('the allow-list is for admins, validated entry by entry', async () => {
    const agent = await createStaff(server, admin, { role: 'agent' });
    expect((await server.api('GET', '/api/settings/outbound', { token: agent.token })).status).toBe(403);
    const bad = await setAllowList(['127.0.0.1/32', 'not a host!']);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('allowList.1');
    expect((await server.api('GET', '/api/settings/outbound', { token: admin })).body).toEqual({ allowList: [] });
  });

  it('an allow-listed host is delivered to; once it leaves the list, the send itself is refused', async () => {
    expect((await setAllowList(['127.0.0.1/32'])).body).toEqual({ allowList: ['127.0.0.1/32'] });
    const hook = await createHook(`http://127.0.0.1:${rxPort}/in`);
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const before = received.length;
    await touchCustomer();
    const jobs = await settled(hook.body.id);
    expect(received.length, JSON.stringify(jobs)).toBe(before + 1);

    expect((await setAllowList([])).status).toBe(200);
    await server.app.ctx.db.outboxJob.deleteMany({ where: { dedupeKey: { startsWith: `webhook:${hook.body.id}:` } } });
    await touchCustomer();
    const [job] = await settled(hook.body.id);
    expect(job!.lastError).toMatch(/127\.0\.0\.1.*not allowed|not allowed.*127\.0\.0\.1/);
    expect(received.length).toBe(before + 1);
  });

  it('a hostname is resolved at send too: a stored endpoint naming localhost never connects', async () => {
    // As if saved before this check existed (or while the name resolved elsewhere).
    const id = randomId('legacy');
    await server.app.ctx.db.setting.create({ data: { key: `webhook:${id}`, value: JSON.stringify({ id, url: `http://localhost:${redisPort}/`, events: ['customer.updated'], secret: 'whsec_legacy_0123456789', enabled: true, createdAt: new Date().toISOString() }) } });
    await touchCustomer();
    const [job] = await settled(id);
    expect(job!.lastError).toMatch(/not allowed/);
    expect(redisConnections).toBe(0);
    await server.app.ctx.db.setting.delete({ where: { key: `webhook:${id}` } });
  });

  it('an allow-listed host name may resolve to a private address', async () => {
    expect((await setAllowList(['localhost'])).status).toBe(200);
    const hook = await createHook(`http://localhost:${rxPort}/by-name`);
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const before = received.length;
    await touchCustomer();
    await settled(hook.body.id);
    expect(received.length).toBe(before + 1);
    await setAllowList([]);
  });

  it('provider API base URLs are not inbox settings: 400 naming the field, for Twilio and Slack', async () => {
    const twilio = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32), phoneNumber: '+14155550100', apiBaseUrl: `http://127.0.0.1:${redisPort}` };
    const sms = await server.api<ErrorShape>('POST', '/api/inboxes', { token: admin, body: { channel: 'sms', name: 'sms', settings: twilio } });
    expect(sms.status).toBe(400);
    expect(sms.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'settings.apiBaseUrl' });
    const slack = { botToken: 'xoxb-1-2-3', signingSecret: 'signing-secret', teamId: 'T0TEST', apiUrl: `http://127.0.0.1:${redisPort}/api/` };
    const sl = await server.api<ErrorShape>('POST', '/api/inboxes', { token: admin, body: { channel: 'slack', name: 'slack', settings: slack } });
    expect(sl.status).toBe(400);
    expect(sl.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'settings.apiUrl' });
  });
});
