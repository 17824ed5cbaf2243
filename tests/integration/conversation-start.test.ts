// Agent-started conversations: POST /api/conversations writes first on SMS (Twilio stand-in) and
// email (real Dovecot + SMTP capture, and the customer's reply threads back), honours STOP and the
// team's business hours, joins an open thread instead of opening a second, and refuses bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { smsAdapter, voiceAdapter, whatsappAdapter } from '../../channels/twilio/index.js';
import { deliver, emailSettings, until } from '../fixtures/email/harness.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';
import { ACCOUNT_SID, AUTH_TOKEN, postSigned, sid, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';
import { createStaff, randomId } from './support.js';

const missing = dovecotMissing();
const PUBLIC = 'https://switchboard.example.test';
const SMS_NUMBER = '+14155550300';
const MAILBOX = { user: 'outreach', password: 'imap-secret' };
const SMTP_LOGIN = { user: 'smtp-user', password: 'smtp-secret' };
let seq = 0;
const customerNumber = () => `+1628556${String(1000 + (process.pid % 5000) + seq++).padStart(4, '0')}`;

type Started = { conversationId: string; created: boolean; scheduledFor: string | null; message: { id: number; body: string } };
type Err = { code: string; field?: string; message: string };

describe.skipIf(!!missing).each(databases())(`agent-started conversations on %s${missing ? ` (skipped: ${missing})` : ''}`, (db) => {
  let server: TestServer;
  let twilio: TwilioStandIn;
  let dovecot: Dovecot;
  let smtp: SmtpCapture;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createStaff>>;
  const inboxes: Record<string, string> = {};
  const start = (body: Record<string, unknown>, token = agent.token) => server.api<Started & Err>('POST', '/api/conversations', { token, body });

  beforeAll(async () => {
    twilio = await startTwilioStandIn();
    dovecot = await startDovecot([MAILBOX]);
    smtp = await startSmtpCapture(SMTP_LOGIN);
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, backoffMinMs: 200, backoffMaxMs: 1000 });
    server = await startTestServer(db, { PUBLIC_URL: PUBLIC, TWILIO_API_URL: twilio.url }, { adapters: { ...defaultAdapters(), email, sms: smsAdapter, whatsapp: whatsappAdapter, voice: voiceAdapter } });
    admin = await server.login();
    const team = await server.api<{ id: string }>('POST', '/api/teams', { token: admin, body: { key: randomId('out').toLowerCase(), name: 'Outreach' } });
    agent = await createStaff(server, admin, { role: 'agent', name: 'Olga Outreach', teamIds: [team.body.id] });
    const sms = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'sms', name: 'Texts', settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: SMS_NUMBER } } });
    inboxes.sms = sms.body.id;
    const smtpSettings = { smtp: { host: smtp.host, port: smtp.port, secure: false, user: SMTP_LOGIN.user }, smtpPassword: SMTP_LOGIN.password };
    const mail = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'Outreach mail', settings: emailSettings(dovecot, MAILBOX, smtpSettings) } });
    expect(mail.status, JSON.stringify(mail.body)).toBe(201);
    inboxes.email = mail.body.id;
    inboxes.webchat = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await twilio?.close();
    await smtp?.close();
    await dovecot?.stop();
  });

  it('texts a new number: 201, assigned to the agent in their team, sent by Twilio, and the answer lands in it', async () => {
    const to = customerNumber();
    const res = await start({ inboxId: inboxes.sms, to: to.replace(/(\d{3})(\d{4})$/, ' $1-$2'), body: 'Your appointment is confirmed for Monday.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: true, scheduledFor: null, message: { body: 'Your appointment is confirmed for Monday.' } });
    const sent = await until(async () => twilio.messages().find((m) => m.form.To === to));
    expect(sent.form).toMatchObject({ From: SMS_NUMBER, Body: 'Your appointment is confirmed for Monday.' });
    const c = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: res.body.conversationId }, include: { routing: true } });
    expect(c).toMatchObject({ status: 'open', channel: 'sms', assigneeId: agent.id });
    expect(c.teamId).not.toBeNull();
    expect(c.routing.map((e) => e.action)).toContain('started');
    await server.app.ctx.routing.settled();
    expect((await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).assigneeId).toBe(agent.id);
    const answer = await postSigned(server.url, PUBLIC, '/channels/sms/webhook', { AccountSid: ACCOUNT_SID, NumMedia: '0', MessageSid: sid('SM'), From: to, To: SMS_NUMBER, Body: 'Thanks, see you' });
    expect(answer.status).toBe(200);
    const inbound = await server.app.ctx.db.message.findFirstOrThrow({ where: { body: 'Thanks, see you', inboxId: inboxes.sms } });
    expect(inbound.conversationId).toBe(c.id);
    // Writing again to a customer with an open conversation on this inbox continues it.
    const again = await start({ inboxId: inboxes.sms, customerId: c.customerId, body: 'One more thing.' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, conversationId: c.id });
  });

  it('a number that texted STOP is refused with 409 and nothing is stored', async () => {
    const to = customerNumber();
    const stop = await postSigned(server.url, PUBLIC, '/channels/sms/webhook', { AccountSid: ACCOUNT_SID, NumMedia: '0', MessageSid: sid('SM'), From: to, To: SMS_NUMBER, Body: 'STOP' });
    expect(stop.status).toBe(200);
    await server.app.ctx.db.conversation.updateMany({ where: { customer: { phone: to } }, data: { status: 'resolved', resolvedAt: new Date() } });
    const before = await server.app.ctx.db.message.count();
    const res = await start({ inboxId: inboxes.sms, to, body: 'Hello?' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'RECIPIENT_OPTED_OUT', field: 'to' });
    expect(await server.app.ctx.db.message.count()).toBe(before);
  });

  it('emails a customer by id; the mail goes out with the subject and their reply threads back', async () => {
    const address = `${randomId('buyer')}@customer.example`;
    const order = await server.api<{ customerId: string }>('POST', '/api/purchases', { token: admin, body: { orderNumber: randomId('ord'), amountCents: 100, purchasedAt: '2026-11-01T10:00:00Z', customer: { email: address, name: 'Bea Buyer' } } });
    const res = await start({ inboxId: inboxes.email, customerId: order.body.customerId, subject: 'Your order has shipped', body: 'It will arrive on Friday.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const mail = await smtp.waitFor((m) => m.envelope.to.includes(address), 15_000);
    expect(mail.parsed.subject).toBe('Your order has shipped');
    expect(mail.parsed.text).toContain('It will arrive on Friday.');
    const messageId = mail.header('message-id')!;
    const reply = `From: ${address}\r\nTo: outreach@switchboard.test\r\nSubject: Re: Your order has shipped\r\nMessage-ID: <${randomId('r')}@customer.example>\r\nIn-Reply-To: ${messageId}\r\nReferences: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\n\r\nGreat, thank you!\r\n`;
    await deliver(dovecot, MAILBOX, [Buffer.from(reply)]);
    const inbound = await until(() => server.app.ctx.db.message.findFirst({ where: { inboxId: inboxes.email, direction: 'in', body: { contains: 'Great, thank you!' } } }), 20_000, 'the reply stored');
    expect(inbound.conversationId).toBe(res.body.conversationId);
  }, 60_000);

  it('outside the team\'s hours the message is stored and held until the team opens', async () => {
    const closed = await server.api<{ id: string }>('POST', '/api/teams', { token: admin, body: { key: randomId('night').toLowerCase(), name: 'Night desk' } });
    // Open one minute a week, at a time that is not now: closed now, opening within 7 days.
    const now = new Date();
    const day = (now.getUTCDay() + 3) % 7;
    await server.app.ctx.db.team.update({ where: { id: closed.body.id }, data: { businessHours: { tz: 'UTC', days: { [String(day)]: [['10:00', '10:01']] } } } });
    const to = customerNumber();
    const res = await start({ inboxId: inboxes.sms, to, body: 'We are open tomorrow.', teamId: closed.body.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const at = new Date(res.body.scheduledFor!);
    expect(at.getTime()).toBeGreaterThan(Date.now());
    expect(at.getUTCDay()).toBe(day);
    expect(at.toISOString().slice(11, 16)).toBe('10:00');
    const job = await server.app.ctx.db.outboxJob.findFirstOrThrow({ where: { dedupeKey: `deliver:${res.body.message.id}` } });
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
    expect(job.runAfter.toISOString()).toBe(at.toISOString());
  });

  it('bad input is a clear 4xx naming the field', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ inboxId: inboxes.webchat, to: '+14155550999', body: 'x' }, 400, 'inboxId'],
      [{ inboxId: inboxes.sms, to: '+14155550999', customerId: 'abc', body: 'x' }, 400, 'to'],
      [{ inboxId: inboxes.sms, body: 'x' }, 400, 'to'],
      [{ inboxId: inboxes.sms, to: '0800 SUPPORT', body: 'x' }, 400, 'to'],
      [{ inboxId: inboxes.email, to: 'not-an-email', subject: 'Hi', body: 'x' }, 400, 'to'],
      [{ inboxId: inboxes.email, to: 'a@b.example', body: 'x' }, 400, 'subject'],
      [{ inboxId: 'nope', to: '+14155550999', body: 'x' }, 404, 'inboxId'],
      [{ inboxId: inboxes.sms, customerId: 'nope', body: 'x' }, 404, 'customerId'],
      [{ inboxId: inboxes.sms, to: '+14155550999', body: 'x'.repeat(1601) }, 400, 'body'],
      [{ inboxId: inboxes.sms, to: '+14155550999', body: '  ' }, 400, 'body'],
      [{ inboxId: inboxes.sms, to: '+1415\u0000555\uD8000999', body: 'x' }, 400, 'to'],
    ];
    for (const [body, status, field] of cases) {
      const res = await start(body);
      expect(res.status, JSON.stringify(body) + JSON.stringify(res.body)).toBe(status);
      expect(res.body.field, JSON.stringify(res.body)).toBe(field);
    }
    const noEmail = await server.api<{ customerId: string }>('POST', '/api/purchases', { token: admin, body: { orderNumber: randomId('ord'), amountCents: 100, purchasedAt: '2026-11-01T10:00:00Z', customer: { phone: customerNumber() } } });
    const res = await start({ inboxId: inboxes.email, customerId: noEmail.body.customerId, subject: 'Hi', body: 'x' });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.field).toBe('customerId');
  });
});
