// Email as real mailers and mail servers write it (issue #18), against a real Dovecot and a real SMTP
// server: reused Message-IDs, many attachments, broken HTML, auto-replies, bounces of our replies,
// threading across languages, quoted history, and text attachments kept byte for byte.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { fixture } from '../fixtures/email/load.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';
import { until } from '../fixtures/email/harness.js';

const SUPPORT = 'support@switchboard.test';
const missing = dovecotMissing();
type Msg = { id: number; body: string; direction: string; authorKind: string; deliveryStatus: string; deliveryError: string | null; attachments?: { id: string; filename: string }[] };
type Conv = { id: string; status: string; subject: string | null; messages: Msg[] };

let seq = 0;
const uniq = (p: string) => `${p}${Date.now().toString(36)}${++seq}`;
/** A plain mail; `extra` are header lines, `body` the text part. */
function mail(o: { from: string; subject: string; id?: string; extra?: string[]; body?: string; contentType?: string }): { id: string; raw: Buffer } {
  const id = o.id ?? `<${uniq('m')}@customer.example>`;
  const head = [`From: ${o.from}`, `To: ${SUPPORT}`, `Subject: ${o.subject}`, `Message-ID: ${id}`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', `Content-Type: ${o.contentType ?? 'text/plain; charset=utf-8'}`, 'Content-Transfer-Encoding: 8bit', ...(o.extra ?? [])];
  return { id, raw: Buffer.from(`${head.join('\r\n')}\r\n\r\n${o.body ?? 'Hello'}\r\n`, 'utf8') };
}

describe.skipIf(!!missing).each(databases())('email from the real world on %s', (db) => {
  let dovecot: Dovecot;
  let smtp: SmtpCapture;
  let server: TestServer;
  let admin: string;
  let imap: ImapFlow;
  let inboxId: string;
  let logs: LogCapture;

  const append = async (raw: Buffer) => { await imap.append('INBOX', raw); };
  const stored = (externalId: string) => until(async () => server.app.ctx.db.message.findFirst({ where: { inboxId, externalId } }), 15_000, `message ${externalId}`);
  const getConv = async (id: string) => (await server.api<Conv>('GET', `/api/conversations/${id}`, { token: admin })).body;
  /** Mail is read in order: once this marker is stored, everything appended before it was handled. */
  const settle = async () => { const m = mail({ from: `marker-${uniq('')}@customer.example`, subject: 'marker' }); await append(m.raw); await stored(m.id); };
  const reply = async (conversationId: string, body: string) => {
    const res = await server.api<{ id: number }>('POST', `/api/conversations/${conversationId}/messages`, { token: admin, body: { body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sent = await until(async () => server.app.ctx.db.message.findFirst({ where: { id: res.body.id, deliveryStatus: 'sent' } }), 10_000, 'reply sent');
    return { messageId: res.body.id, externalId: sent.externalId!, mail: await smtp.waitFor((m) => m.parsed.messageId === sent.externalId) };
  };

  beforeAll(async () => {
    dovecot = await startDovecot([{ user: 'support', password: 'imap-secret' }]);
    smtp = await startSmtpCapture();
    logs = captureLogs();
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, backoffMinMs: 200, backoffMaxMs: 1000 });
    // PUBLIC_URL: email surveys carry a link, so resolving sends one.
    server = await startTestServer(db, { PUBLIC_URL: 'http://127.0.0.1:9' }, { adapters: { ...defaultAdapters(), email }, log: logs.log });
    admin = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'Support mail', settings: {
      address: SUPPORT, imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'support' }, imapPassword: 'imap-secret',
      smtp: { host: smtp.host, port: smtp.port, secure: false },
    } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'support', pass: 'imap-secret' }, logger: false });
    await imap.connect();
  }, 60_000);
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await server?.close();
    await smtp?.close();
    await dovecot?.stop();
  });

  it('a reused Message-ID from another sender or with another body is stored; a redelivery is not, and the skip is logged', async () => {
    const id = `<1.${uniq('')}@localhost.localdomain>`;
    const alice = mail({ from: 'alice@form.example', subject: 'Contact form', id, body: 'Alice: my parcel is lost' });
    const bob = mail({ from: 'bob@form.example', subject: 'Contact form', id, body: 'Bob: wrong size delivered' });
    const alice2 = mail({ from: 'alice@form.example', subject: 'Contact form', id, body: 'Alice again: still lost' });
    for (const raw of [alice.raw, bob.raw, alice.raw, alice2.raw]) await append(raw);
    await settle();
    const rows = await server.app.ctx.db.message.findMany({ where: { inboxId, OR: [{ externalId: id }, { externalId: { startsWith: `${id}#` } }] }, include: { conversation: { select: { customerId: true } } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.body)).toEqual(['Alice: my parcel is lost', 'Bob: wrong size delivered', 'Alice again: still lost']);
    // Bob's mail is Bob's: never a message in Alice's conversation.
    expect(rows[1]!.conversation.customerId).not.toBe(rows[0]!.conversation.customerId);
    expect(rows[1]!.conversationId).not.toBe(rows[0]!.conversationId);
    expect(logs.find('email duplicate skipped', (l) => l.messageId === id)).toHaveLength(1);
  });

  it('past 20 attachments the message names every file it did not keep', async () => {
    const parts = Array.from({ length: 25 }, (_, i) => `--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=photo-${String(i + 1).padStart(2, '0')}.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`jpeg ${i}`).toString('base64')}\r\n`).join('');
    const m = mail({ from: 'photos@customer.example', subject: 'Damage photos', contentType: 'multipart/mixed; boundary=b', body: `--b\r\nContent-Type: text/plain\r\n\r\nPhotos of the damage attached.\r\n${parts}--b--` });
    await append(m.raw);
    const row = await stored(m.id);
    const conv = await getConv(row.conversationId);
    const msg = conv.messages.find((x) => x.id === row.id)!;
    expect(msg.attachments).toHaveLength(20);
    expect(msg.attachments!.map((a) => a.filename)).toContain('original.eml');
    expect(msg.body).toContain('6 attachments not kept, a message keeps at most 20 files: photo-20.jpg, photo-21.jpg, photo-22.jpg, photo-23.jpg, photo-24.jpg, photo-25.jpg');
  });

  it('HTML-only mail keeps its text: stray "<", no </head>, unclosed <title>, <style> and comments', async () => {
    const cases: [string, string][] = [
      ['<p>if a<b then refund</p>', 'if a<b then refund'],
      ['<html><head><meta charset="utf-8"><title>Order</title><p>My order 77 is late.</p></html>', 'My order 77 is late.'],
      ['<html><title>Order problem<body><p>The lamp arrived broken.</p></body></html>', 'The lamp arrived broken.'],
      ['<style>p { color: red }<p>Second lamp broken too.</p>', 'Second lamp broken too.'],
      ['<p>Hello,</p><!-- signature block never closed <p>please call me back.</p>', 'please call me back.'],
    ];
    for (const [html, text] of cases) {
      const m = mail({ from: `html-${uniq('')}@customer.example`, subject: 'HTML mail', contentType: 'text/html; charset=utf-8', body: html });
      await append(m.raw);
      const row = await stored(m.id);
      expect(row.body, html).toContain(text);
      expect(row.body, html).not.toContain('(empty message)');
    }
  });

  it('auto-replies, helpdesk receipts, bounces and newsletters never open or reopen a conversation; our automatic mail says it is automatic', async () => {
    const first = mail({ from: 'dora@customer.example', subject: 'Broken zipper' });
    await append(first.raw);
    const convId = (await stored(first.id)).conversationId;
    const ours = await reply(convId, 'We are sending a new one.');
    await server.api('POST', `/api/conversations/${convId}/status`, { token: admin, body: { status: 'resolved' } });
    // The satisfaction survey is the system's mail, not a person's: auto-responders must not answer it.
    const survey = await smtp.waitFor((m) => m.envelope.to.includes('dora@customer.example') && m.parsed.messageId !== ours.externalId);
    expect(survey.header('auto-submitted')).toBe('auto-generated');
    expect(survey.header('x-auto-response-suppress')).toBe('All');
    expect(ours.mail.header('auto-submitted')).toBe('no');

    const oof = mail({ from: 'dora@customer.example', subject: 'Out of Office AutoReply: Re: Broken zipper', extra: ['X-Auto-Response-Suppress: All', `In-Reply-To: ${ours.externalId}`], body: 'I am away until Monday.' });
    const ack = mail({ from: 'help@vendor.example', subject: '[Ticket #881] Re: Broken zipper', extra: ['X-Loop: help@vendor.example', `References: ${ours.externalId}`], body: 'We received your request.' });
    const bounce = mail({ from: 'mail-notify@isp.example', subject: 'Undelivered Mail', extra: ['X-Failed-Recipients: gone@isp.example'], body: 'Your message could not be delivered to gone@isp.example: mailbox unavailable.' });
    const news = mail({ from: 'news@shop.example', subject: 'Our winter sale', extra: ['List-Id: Shop News <news.shop.example>', 'List-Unsubscribe: <mailto:unsubscribe@shop.example>'], body: 'Everything 20% off.' });
    for (const m of [oof, ack, bounce, news]) await append(m.raw);
    await settle();
    const conv = await getConv(convId);
    expect(conv.status).toBe('resolved');
    expect(conv.messages.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(conv.messages.some((m) => m.authorKind === 'system' && m.body.includes('Automatic reply from dora@customer.example') && m.body.includes('away until Monday'))).toBe(true);
    for (const m of [oof, ack, bounce, news]) expect(await server.app.ctx.db.message.count({ where: { inboxId, externalId: m.id } }), m.id).toBe(0);
    expect(await server.app.ctx.db.conversation.count({ where: { inboxId, customer: { identities: { some: { value: { in: ['help@vendor.example', 'mail-notify@isp.example', 'news@shop.example'] } } } } } })).toBe(0);
    expect(logs.find('email ignored', (l) => l.messageId === news.id)[0]?.reason).toMatch(/mailing list/);
  });

  it('a bounce of our reply marks that reply failed with the reason the agent reads', async () => {
    const first = mail({ from: 'gone@customer.example', subject: 'Where is my refund' });
    await append(first.raw);
    const convId = (await stored(first.id)).conversationId;
    const ours = await reply(convId, 'The refund is on its way.');
    await append(fixture('dsn-ours', { replyTo: ours.externalId }));
    await until(async () => (await getConv(convId)).messages.find((m) => m.id === ours.messageId && m.deliveryStatus === 'failed'), 15_000, 'reply marked failed');
    const msg = (await getConv(convId)).messages.find((m) => m.id === ours.messageId)!;
    expect(msg.deliveryError).toMatch(/^Bounced: gone@customer\.example: 5\.1\.1 550 5\.1\.1 <gone@customer\.example>: Recipient address rejected: User unknown/);
    expect(await server.app.ctx.db.conversation.count({ where: { inboxId, customer: { identities: { some: { value: 'mailer-daemon@mx.customer.example' } } } } })).toBe(0);
  });

  it('threading: our earlier ids in References, foreign reply prefixes and gateway tags, no stacked "Re:"', async () => {
    const first = mail({ from: 'wang@customer.example', subject: '答复: 订单问题', body: '订单还没到' });
    await append(first.raw);
    const convId = (await stored(first.id)).conversationId;
    const r1 = await reply(convId, '我们正在查。');
    expect(r1.mail.parsed.subject).toBe('Re: 订单问题');
    const answer = mail({ from: 'wang@customer.example', subject: 'RE: 答复: 订单问题', extra: [`In-Reply-To: ${r1.externalId}`, `References: ${first.id} ${r1.externalId}`], body: '好的' });
    await append(answer.raw);
    expect((await stored(answer.id)).conversationId).toBe(convId);
    const r2 = await reply(convId, '已发货。');
    const refs = r2.mail.header('references') ?? '';
    for (const id of [first.id, r1.externalId, answer.id]) expect(refs).toContain(id);
    expect(r2.mail.parsed.inReplyTo).toBe(answer.id);

    // Subject threading (no headers) across prefixes of other languages and a gateway's tag.
    for (const [subject, again] of [['Pedido 12', 'RES: Pedido 12'], ['Zamówienie', 'Odp: Zamówienie'], ['Invoice March', '[EXTERNAL] Re: Invoice March'], ['Sipariş', 'Ynt: Sipariş'], ['Παραγγελία', 'ΑΠ: Παραγγελία']] as const) {
      const from = `${uniq('p')}@customer.example`;
      const a = mail({ from, subject });
      const b = mail({ from, subject: again });
      await append(a.raw);
      await append(b.raw);
      expect((await stored(b.id)).conversationId, again).toBe((await stored(a.id)).conversationId);
    }
  });

  it('an email reply may be far longer than a chat message (the channel limit is 100,000 characters)', async () => {
    const first = mail({ from: 'long@customer.example', subject: 'Detailed steps please' });
    await append(first.raw);
    const convId = (await stored(first.id)).conversationId;
    const steps = Array.from({ length: 400 }, (_, i) => `Step ${i + 1}: do the thing number ${i + 1} carefully.`).join('\n');
    expect(steps.length).toBeGreaterThan(5000);
    const sent = await reply(convId, steps);
    expect(sent.mail.parsed.text?.trim()).toBe(steps);
  });

  it('quoted history after Chinese Outlook, Japanese Gmail and Russian attributions is folded away', async () => {
    const cases: [string, string, string][] = [
      ['好的，已经收到。', '-----邮件原件-----\n发件人: support@switchboard.test\n发送时间: 2026年11月20日 10:00\n主题: 订单', '邮件原件'],
      ['了解しました。', '2026年11月21日(土) 10:00 Support Team <support@switchboard.test>:\n\n> パスワードを再設定してください。', 'Support Team'],
      ['Спасибо, всё работает.', '21 нояб. 2026 г., в 10:00, Support <support@switchboard.test> написал:\n> Попробуйте ещё раз.', 'написал'],
    ];
    for (const [fresh, quote, hidden] of cases) {
      const m = mail({ from: `${uniq('q')}@customer.example`, subject: 'Re: help', body: `${fresh}\r\n\r\n${quote.replace(/\n/g, '\r\n')}` });
      await append(m.raw);
      const row = await stored(m.id);
      expect(row.body).toContain(fresh);
      expect(row.body).toContain('[Quoted text hidden');
      // The attribution line goes with the quote it introduces.
      expect(row.body).not.toContain(hidden);
    }
  });

  it('text attachments sent as 7bit, 8bit and quoted-printable are stored byte for byte', async () => {
    const notes = Buffer.from('line one\r\nline two  \r\n', 'latin1');
    const csv = Buffer.from('name;city\r\nJos\xe9;K\xf6ln\nmixed endings\r\ntrail ', 'latin1');
    const utf8 = Buffer.from('café 你好\r\nno newline at end', 'utf8');
    const body = Buffer.concat([
      Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nFiles attached.\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1; name=notes.txt\r\nContent-Disposition: attachment; filename=notes.txt\r\nContent-Transfer-Encoding: 7bit\r\n\r\n', 'latin1'), notes,
      Buffer.from('\r\n--b\r\nContent-Type: text/csv; charset=iso-8859-1; name=data.csv\r\nContent-Disposition: attachment; filename=data.csv\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nname;city=0D=0AJos=E9;K=F6ln=0Amixed endings=0D=0Atrail=20\r\n', 'latin1'),
      Buffer.from('--b\r\nContent-Type: text/plain; charset=utf-8; name=u.txt\r\nContent-Disposition: attachment; filename=u.txt\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'latin1'), utf8,
      Buffer.from('\r\n--b--\r\n', 'latin1'),
    ]);
    const id = `<${uniq('att')}@customer.example>`;
    const raw = Buffer.concat([Buffer.from(`From: files@customer.example\r\nTo: ${SUPPORT}\r\nSubject: files\r\nMessage-ID: ${id}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n`), body]);
    await append(raw);
    const row = await stored(id);
    const msg = (await getConv(row.conversationId)).messages.find((m) => m.id === row.id)!;
    const download = async (name: string) => {
      const a = msg.attachments!.find((x) => x.filename === name)!;
      const res = await fetch(`${server.url}/api/attachments/${a.id}`, { headers: { authorization: `Bearer ${admin}` } });
      return Buffer.from(await res.arrayBuffer());
    };
    expect((await download('notes.txt')).equals(notes)).toBe(true);
    expect((await download('data.csv')).equals(csv)).toBe(true);
    expect((await download('u.txt')).equals(utf8)).toBe(true);
  });
});
