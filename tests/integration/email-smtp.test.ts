// SMTP failures against a real smtp-server: a transient 4xx is retried by the outbox and the mail
// arrives once; a wrong SMTP password fails the reply with a clear reason and shows on the inbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { deliver, emailSettings, plainMail, until } from '../fixtures/email/harness.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

const missing = dovecotMissing();
const SUPPORT = { user: 'support', password: 'imap-secret' };
const SALES = { user: 'sales', password: 'imap-secret-2' };
const SMTP_LOGIN = { user: 'smtp-user', password: 'smtp-secret' };
type Status = { state: string; message: string; imap: { state: string }; smtp: { state: string; message: string } | null };

describe.skipIf(!!missing).each(databases())('email SMTP failures on %s', (db) => {
  let dovecot: Dovecot;
  let smtp: SmtpCapture;
  let server: TestServer;
  let admin: string;

  const createInbox = async (login: typeof SUPPORT, smtpPassword: string) => {
    const smtpSettings = { smtp: { host: smtp.host, port: smtp.port, secure: false, user: SMTP_LOGIN.user }, smtpPassword };
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: login.user, settings: emailSettings(dovecot, login, smtpSettings) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  };
  /** A customer mail into that mailbox, and the conversation it opened. */
  const conversation = async (inboxId: string, login: typeof SUPPORT) => {
    const mail = plainMail({ to: `${login.user}@switchboard.test` });
    await deliver(dovecot, login, [mail.raw]);
    return until(async () => (await server.app.ctx.db.message.findFirst({ where: { inboxId, externalId: mail.id } }))?.conversationId, 15_000, 'inbound mail stored');
  };
  const reply = async (conversationId: string, body: string) => {
    const res = await server.api<{ id: number }>('POST', `/api/conversations/${conversationId}/messages`, { token: admin, body: { body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  };
  const message = (id: number) => server.app.ctx.db.message.findUniqueOrThrow({ where: { id } });
  const status = async (inboxId: string) => (await server.api<Status>('GET', `/api/inboxes/${inboxId}/status`, { token: admin })).body;

  beforeAll(async () => {
    dovecot = await startDovecot([SUPPORT, SALES]);
    smtp = await startSmtpCapture(SMTP_LOGIN);
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, backoffMinMs: 200, backoffMaxMs: 1000 });
    server = await startTestServer(db, {}, { adapters: { ...defaultAdapters(), email } });
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await dovecot?.stop();
  });

  it('a 451 at the end of DATA is retried by the outbox; the customer gets the reply exactly once', async () => {
    const inboxId = await createInbox(SUPPORT, SMTP_LOGIN.password);
    const conv = await conversation(inboxId, SUPPORT);
    const body = `Retry me ${Date.now()}`;
    smtp.failNextData(451);
    const id = await reply(conv, body);
    const sent = await until(async () => { const m = await message(id); return m.deliveryStatus === 'sent' ? m : null; }, 20_000, 'sent after the retry');
    expect(smtp.refusals).toContainEqual({ stage: 'data', code: 451 });
    const job = await server.app.ctx.db.outboxJob.findFirstOrThrow({ where: { kind: 'message.deliver', status: 'done' }, orderBy: { createdAt: 'desc' } });
    expect(job.attempts).toBe(2); // refused once, delivered on the retry
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate send would land by now
    const delivered = smtp.mails.filter((m) => m.parsed.text?.includes(body));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.parsed.messageId).toBe(sent.externalId);
    expect((await status(inboxId)).state).toBe('connected');
  });

  it('a wrong SMTP password fails the reply with a clear reason, shows on the inbox status, and clears once fixed', async () => {
    const inboxId = await createInbox(SALES, 'not-the-password');
    const conv = await conversation(inboxId, SALES);
    const refusedBefore = smtp.refusals.filter((r) => r.stage === 'auth').length;
    const id = await reply(conv, 'This will not authenticate');
    const failed = await until(async () => { const m = await message(id); return m.deliveryStatus === 'failed' ? m : null; }, 15_000, 'failed status');
    expect(failed.deliveryError).toMatch(/^SMTP login failed for "smtp-user" at 127\.0\.0\.1:\d+ \(535 .*Invalid username or password\): check the inbox's SMTP user and password$/);
    expect(smtp.refusals.filter((r) => r.stage === 'auth').length).toBe(refusedBefore + 1); // permanent: not retried
    expect(smtp.mails.some((m) => m.parsed.text?.includes('This will not authenticate'))).toBe(false);

    const bad = await status(inboxId);
    expect(bad.state).toBe('auth_failed');
    expect(bad.message).toMatch(/^Sending: SMTP login failed for "smtp-user"/);
    expect(bad.imap.state).toBe('connected'); // receiving still works; only sending is broken
    expect(bad.smtp?.state).toBe('auth_failed');

    const fix = await server.api('PATCH', `/api/inboxes/${inboxId}`, { token: admin, body: { settings: emailSettings(dovecot, SALES, { smtp: { host: smtp.host, port: smtp.port, secure: false, user: SMTP_LOGIN.user }, smtpPassword: SMTP_LOGIN.password }) } });
    expect(fix.status, JSON.stringify(fix.body)).toBe(200);
    const ok = await reply(conv, 'Now with the right password');
    await until(async () => (await message(ok)).deliveryStatus === 'sent', 15_000, 'sent with the fixed password');
    await until(async () => { const s = await status(inboxId); return s.state === 'connected' && s.smtp?.state === 'ok' ? s : null; }, 15_000, 'status cleared');
  });
});
