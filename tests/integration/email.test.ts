// Email end to end against a real Dovecot (IMAP IDLE in) and a real SMTP capture server (out).
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter, emailStatus } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { fixture, messageIdOf } from '../fixtures/email/load.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

const SUPPORT = 'support@switchboard.test';
const missing = dovecotMissing();
type Conv = { id: string; subject: string | null; channel: string; messages?: { body: string; direction?: string; authorKind: string; attachments?: { filename: string }[] }[] };

async function until<T>(fn: () => Promise<T | null | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!!missing).each(databases())('email on %s', (db) => {
  let dovecot: Dovecot;
  let smtp: SmtpCapture;
  let server: TestServer;
  let admin: string;
  let imap: ImapFlow;
  let inboxId: string;

  const append = async (raw: Buffer) => { await imap.append('INBOX', raw); return messageIdOf(raw); };
  const conversationFor = (externalId: string) => until(async () => {
    const m = await server.app.ctx.db.message.findFirst({ where: { inboxId, externalId } });
    return m ? m.conversationId : null;
  }, 15_000, `message ${externalId}`);
  const getConv = async (id: string) => (await server.api<Conv>('GET', `/api/conversations/${id}`, { token: admin })).body;

  beforeAll(async () => {
    dovecot = await startDovecot([{ user: 'support', password: 'imap-secret' }, { user: 'other', password: 'x' }]);
    smtp = await startSmtpCapture({ user: 'smtp-user', password: 'smtp-secret' });
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, backoffMinMs: 200, backoffMaxMs: 1000 });
    server = await startTestServer(db, {}, { adapters: { ...defaultAdapters(), email } });
    admin = await server.login();
    const res = await server.api<{ id: string; settings: Record<string, unknown>; secretsSet: Record<string, boolean> }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'email', name: 'Support mail', settings: {
        address: SUPPORT, imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'support' }, imapPassword: 'imap-secret',
        smtp: { host: smtp.host, port: smtp.port, secure: false, user: 'smtp-user' }, smtpPassword: 'smtp-secret',
      } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.settings).not.toHaveProperty('imapPassword');
    expect(res.body.secretsSet).toEqual({ imapPassword: true, smtpPassword: true });
    inboxId = res.body.id;
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'support', pass: 'imap-secret' }, logger: false });
    await imap.connect();
    await until(async () => (await emailStatus(hostOf(server), inboxId)).state === 'connected', 15_000, 'connected status');
  });
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await server?.close();
    await smtp?.close();
    await dovecot?.stop();
  });

  it('settings are validated with a clear field name', async () => {
    const res = await server.api<{ message: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'x', settings: { address: 'nope' } } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/settings\.address/);
  });

  it('Outlook, Gmail, charsets and HTML-only mail each open a conversation with the right text', async () => {
    const cases: [string, RegExp][] = [
      ['outlook', /charged twice/], ['gmail', /cannot log in/], ['gbk', /你好，我的订单还没有到/], ['big5', /您好，我的訂單還沒有收到/],
      ['iso2022jp', /こんにちは。注文について/], ['html-only', /My order #42 arrived broken & I want a refund/], ['malformed', /./], ['bad-headers', /invalid byte/],
    ];
    for (const [name, text] of cases) {
      const id = await append(fixture(name));
      const conv = await getConv(await conversationFor(id));
      expect(conv.channel).toBe('email');
      expect(conv.messages?.[0]?.body, name).toMatch(text);
      expect(conv.messages?.[0]?.attachments?.map((a) => a.filename), name).toContain('original.eml');
    }
  });

  it('auto-replies, bounces and our own mail never open a conversation; the same Message-ID twice is stored once', async () => {
    const noise = [
      await append(fixture('auto-reply')), await append(fixture('bounce')),
      await append(Buffer.from(`From: ${SUPPORT}\r\nTo: ${SUPPORT}\r\nSubject: loop\r\nMessage-ID: <own-${Date.now()}@switchboard.test>\r\n\r\nours\r\n`)),
    ];
    const dup = fixture('gmail');
    const id = await append(dup);
    await append(dup);
    await conversationFor(id);
    const marker = await append(fixture('outlook'));
    await conversationFor(marker); // mails are read in order: everything above has been handled
    expect(await server.app.ctx.db.message.count({ where: { inboxId, externalId: id } })).toBe(1);
    expect(await server.app.ctx.db.message.count({ where: { inboxId, externalId: { in: noise } } })).toBe(0);
  });

  it('agent reply goes out threaded, and the customer\'s reply (headers, token, subject) joins the conversation', async () => {
    const first = fixture('gmail');
    const convId = await conversationFor(await append(first));
    const agent = await server.api('POST', `/api/conversations/${convId}/messages`, { token: admin, body: { body: 'Please reset your password <here>.\n\nThanks' } });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const sent = await smtp.waitFor((m) => m.parsed.inReplyTo === messageIdOf(first));
    expect(sent.parsed.subject).toBe('Re: Cannot log in');
    expect(sent.parsed.from).toMatchObject({ address: SUPPORT });
    expect(sent.envelope.to).toEqual(['gary@gmail.example']);
    expect(sent.header('references')).toContain(messageIdOf(first));
    expect(sent.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@switchboard\.test>$/);
    expect(sent.parsed.html).toContain('&lt;here&gt;');
    const replyTo = sent.parsed.replyTo?.[0];
    expect(replyTo && 'address' in replyTo ? replyTo.address : '').toMatch(/^support\+[0-9a-f]{20}@switchboard\.test$/);
    const stored = await until(async () => server.app.ctx.db.message.findFirst({ where: { conversationId: convId, direction: 'out', deliveryStatus: 'sent' } }), 10_000, 'sent status');
    expect(stored.externalId).toBe(sent.parsed.messageId);

    // 1) Apple Mail reply to our Message-ID (In-Reply-To).
    const apple = fixture('apple', { replyTo: sent.parsed.messageId! });
    expect(await conversationFor(await append(apple))).toBe(convId);
    // 2) A client that drops headers but replies to the plus-address.
    const tokenOnly = Buffer.from(`From: Other Person <other@x.example>\r\nTo: ${'address' in replyTo! ? replyTo.address : ''}\r\nSubject: something else\r\nMessage-ID: <tok-${Date.now()}@x.example>\r\n\r\nvia token\r\n`);
    expect(await conversationFor(await append(tokenOnly))).toBe(convId);
    // 3) No headers, no token: same sender + subject within 7 days.
    const subj = Buffer.from(`From: gary@gmail.example\r\nTo: ${SUPPORT}\r\nSubject: RE: Cannot log in\r\nMessage-ID: <subj-${Date.now()}@gmail.example>\r\n\r\nstill broken\r\n`);
    expect(await conversationFor(await append(subj))).toBe(convId);
    // 4) A forward from someone else, even with the original's references, starts a new conversation.
    const fwd = Buffer.from(`From: boss@else.example\r\nTo: ${SUPPORT}\r\nSubject: Fwd: Cannot log in\r\nReferences: ${messageIdOf(first)}\r\nMessage-ID: <fwd-${Date.now()}@else.example>\r\n\r\nFYI\r\n`);
    expect(await conversationFor(await append(fwd))).not.toBe(convId);
  });

  it('an SMTP 5xx answer is permanent: the reply is marked failed', async () => {
    const convId = await conversationFor(await append(fixture('outlook')));
    smtp.failNextRcpt(550);
    await server.api('POST', `/api/conversations/${convId}/messages`, { token: admin, body: { body: 'will bounce' } });
    const failed = await until(async () => server.app.ctx.db.message.findFirst({ where: { conversationId: convId, direction: 'out', deliveryStatus: 'failed' } }), 10_000, 'failed status');
    expect(failed.deliveryError).toMatch(/SMTP/);
  });

  it('a 30 MB attachment is skipped with a note; the message is still stored', async () => {
    const big = Buffer.alloc(30 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(`From: big@x.example\r\nTo: ${SUPPORT}\r\nSubject: huge file\r\nMessage-ID: <big-${Date.now()}@x.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=dump.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}\r\n--b--\r\n`);
    const conv = await getConv(await conversationFor(await append(raw)));
    expect(conv.messages?.[0]?.body).toContain('[Attachment not stored, over the size limit: dump.bin (30.0 MB)]');
  }, 60_000);

  it('a wrong IMAP password records auth_failed and nothing crashes', async () => {
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'Broken', settings: {
      address: 'other@switchboard.test', imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'other' }, imapPassword: 'wrong',
      smtp: { host: smtp.host, port: smtp.port, secure: false } } } });
    expect(res.status).toBe(201);
    const status = await until(async () => { const s = await emailStatus(hostOf(server), res.body.id); return s.state === 'auth_failed' ? s : null; }, 15_000, 'auth_failed');
    expect(status.message).toMatch(/auth/i);
    expect((await server.api('GET', '/api/health')).status).toBe(200);
  });
});

/** A ChannelHost-shaped reader of the adapter state, straight from the Setting table. */
function hostOf(server: TestServer) {
  const db = server.app.ctx.db;
  return { state: { get: async (k: string) => (await db.setting.findUnique({ where: { key: `channel:${k}` } }))?.value ?? null, set: async () => undefined } } as unknown as Parameters<typeof emailStatus>[0];
}
