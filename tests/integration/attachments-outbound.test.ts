// Files both ways (#20 item 2): uploads with limits checked on the bytes, replies that carry them on
// every channel its own way (email MIME parts, Twilio MediaUrl, Slack uploads, web chat), visitor
// uploads by token, voice refused, and each file's delivery status.
// Long because it is one server with its SMTP capture, Twilio and Slack stand-ins shared by every channel's case; split it by channel when it grows.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { slackAdapter } from '../../channels/slack/adapter.js';
import { smsAdapter, voiceAdapter, whatsappAdapter } from '../../channels/twilio/index.js';
import type { PublicMessage, StaffMessage } from '../../server/realtime/contract.js';
import { UNREACHABLE_EMAIL_SETTINGS } from '../helpers/inboxes.js';
import { purgeUnsent, UNSENT_TTL_MS } from '../../server/attachments/purge.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startSlackStandin, STANDIN_BOT, type SlackStandin } from '../helpers/slack-standin.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';
import { connectVisitor, emitAck, randomId, waitForEvent } from './support.js';

const PUBLIC = 'https://switchboard.example.test';
const MAX = 200_000;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Upload = { id: string; fileName: string; contentType: string; size: number };
type Err = { code: string; message: string; statusCode: number };

describe.each(databases())('%s', (kind) => {
  let server: TestServer;
  let smtp: SmtpCapture;
  let twilio: TwilioStandIn;
  let slack: SlackStandin;
  let admin: string;
  let agent: string;
  const db = () => server.app.ctx.db;
  const inbox: Record<string, string> = {};

  beforeAll(async () => {
    [smtp, twilio, slack] = await Promise.all([startSmtpCapture(), startTwilioStandIn(), startSlackStandin()]);
    server = await startTestServer(kind, { PUBLIC_URL: PUBLIC, TWILIO_API_URL: twilio.url, SLACK_API_URL: slack.apiUrl, ATTACHMENT_MAX_BYTES: String(MAX) }, {
      adapters: { ...defaultAdapters(), sms: smsAdapter, whatsapp: whatsappAdapter, voice: voiceAdapter, slack: slackAdapter },
    });
    admin = await server.login();
    const email = `${randomId('agent')}@test.local`;
    expect((await server.api('POST', '/api/users', { token: admin, body: { email, password: 'a long enough password', name: 'Other Agent' } })).status).toBe(201);
    agent = await server.login(email, 'a long enough password');
    const twilioSettings = (phoneNumber: string) => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber });
    const make = async (channel: string, settings: Record<string, unknown>) => (await db().inbox.create({ data: { channel, name: `${channel} files`, publicToken: randomId(channel), settings: settings as never } })).id;
    inbox.email = await make('email', { ...UNREACHABLE_EMAIL_SETTINGS, smtp: { host: smtp.host, port: smtp.port, secure: false } });
    inbox.sms = await make('sms', twilioSettings('+14155550101'));
    inbox.whatsapp = await make('whatsapp', twilioSettings('+14155550102'));
    inbox.voice = await make('voice', twilioSettings('+14155550103'));
    inbox.slack = await make('slack', { botToken: STANDIN_BOT.token, signingSecret: 'slack-signing-secret-for-tests', teamId: 'T0STANDIN', apiUrl: slack.apiUrl });
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([smtp?.close(), twilio?.close(), slack?.close()]);
  });

  async function upload(token: string, name: string, data: Buffer, type = 'application/octet-stream') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)], { type }), name);
    const res = await fetch(`${server.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: (await res.json()) as Upload & Err };
  }

  async function uploaded(token: string, name: string, data: Buffer): Promise<Upload> {
    const res = await upload(token, name, data);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  const reply = (conversationId: string, body: Record<string, unknown>, token = admin) =>
    server.api<StaffMessage & Err>('POST', `/api/conversations/${conversationId}/messages`, { token, body });

  const delivered = (messageId: number) => until(
    () => db().message.findUniqueOrThrow({ where: { id: messageId }, include: { attachments: { orderBy: { createdAt: 'asc' } } } }),
    (m) => ['sent', 'failed'].includes(m.deliveryStatus) && m.attachments.every((a) => a.deliveryStatus !== 'queued'),
  );

  const conversationOn = async (channel: string, sender: { kind: 'email' | 'phone' | 'slack'; value: string }, extra: Record<string, string> = {}) =>
    (await server.app.ctx.ingest.receive({ inboxId: inbox[channel]!, channel: channel as never, sender: { ...sender, verified: true }, text: 'I need the invoice', externalId: randomId('ext'), ...extra })).conversationId;

  const storedFiles = () => {
    const root = path.join(server.app.ctx.config.DATA_DIR, 'attachments');
    return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length : 0;
  };

  describe('uploads', () => {
    it('answers 201 with the sniffed type, whatever the browser claimed', async () => {
      const res = await upload(admin, 'photo.png', PNG, 'text/html');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), fileName: 'photo.png', contentType: 'image/png', size: PNG.length });
      // Text under an image's name is stored as the text it is.
      expect((await uploaded(admin, 'notes.png', Buffer.from('just some notes\n'))).contentType).toBe('text/plain');
    });

    it('cleans a filename with path characters', async () => {
      expect((await uploaded(admin, '../../etc/passwd.txt', Buffer.from('x'))).fileName).toBe('passwd.txt');
      expect((await uploaded(admin, '..\\..\\windows\\boot.txt', Buffer.from('x'))).fileName).toBe('boot.txt');
      expect((await uploaded(admin, '.hidden', Buffer.from('x'))).fileName).toBe('hidden');
    });

    it('refuses an oversized file with 413 naming the limit, and stores nothing', async () => {
      const rows = await db().attachment.count();
      const files = storedFiles();
      const res = await upload(admin, 'big.txt', Buffer.alloc(MAX + 1, 'a'));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('FILE_TOO_LARGE');
      expect(res.body.message).toContain(`${MAX} bytes`);
      expect(await db().attachment.count()).toBe(rows);
      expect(storedFiles()).toBe(files);
    });

    it('refuses a type outside the allow-list with 415 by its content, not its name, and stores nothing', async () => {
      const rows = await db().attachment.count();
      const res = await upload(admin, 'invoice.pdf', ELF, 'application/pdf');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
      expect(res.body.message).toMatch(/application\/x-elf.*ATTACHMENT_TYPES allows: .*application\/pdf/);
      expect(await db().attachment.count()).toBe(rows);
    });

    it('unsent uploads older than a day are deleted with their files; sent ones stay', async () => {
      const stale = await uploaded(admin, 'forgotten.txt', Buffer.from('left behind'));
      const fresh = await uploaded(admin, 'fresh.txt', Buffer.from('still wanted'));
      const conversationId = await conversationOn('email', { kind: 'email', value: `${randomId('p')}@x.example` });
      const sent = await uploaded(admin, 'sent.txt', Buffer.from('delivered'));
      expect((await reply(conversationId, { body: 'sent', attachmentIds: [sent.id] })).status).toBe(201);
      const dayAgo = new Date(Date.now() - UNSENT_TTL_MS - 60_000);
      await db().attachment.updateMany({ where: { id: { in: [stale.id, sent.id] } }, data: { createdAt: dayAgo } });
      const files = storedFiles();
      const key = (await db().attachment.findUniqueOrThrow({ where: { id: stale.id } })).storageKey;
      expect(await purgeUnsent(db(), server.app.ctx.attachments, new Date(Date.now() - UNSENT_TTL_MS))).toBe(1);
      expect(await db().attachment.findUnique({ where: { id: stale.id } })).toBeNull();
      expect(existsSync(server.app.ctx.attachments.file(key))).toBe(false);
      expect(storedFiles()).toBe(files - 1);
      expect(await db().attachment.count({ where: { id: { in: [fresh.id, sent.id] } } })).toBe(2);
    });

    it('needs a signed-in agent and a multipart body', async () => {
      const form = new FormData();
      form.append('file', new Blob([PNG]), 'a.png');
      expect((await fetch(`${server.url}/api/attachments`, { method: 'POST', body: form })).status).toBe(401);
      const json = await server.api<Err>('POST', '/api/attachments', { token: admin, body: { file: 'x' } });
      expect(json.status).toBe(400);
      expect(json.body.message).toContain('multipart/form-data');
    });
  });

  describe('sending', () => {
    it("answers 404 for someone else's upload and 409 for one already sent; nothing is stored", async () => {
      const conversationId = await conversationOn('email', { kind: 'email', value: `${randomId('c')}@x.example` });
      const theirs = await uploaded(agent, 'theirs.pdf', PDF);
      const before = await db().message.count({ where: { conversationId } });
      const foreign = await reply(conversationId, { body: 'here', attachmentIds: [theirs.id] });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('ATTACHMENT_NOT_FOUND');
      expect((await reply(conversationId, { body: 'here', attachmentIds: ['nosuchupload'] })).status).toBe(404);
      const mine = await uploaded(admin, 'mine.pdf', PDF);
      expect((await reply(conversationId, { body: 'first', attachmentIds: [mine.id] })).status).toBe(201);
      const again = await reply(conversationId, { body: 'again', attachmentIds: [mine.id] });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ATTACHMENT_ALREADY_SENT');
      expect(await db().message.count({ where: { conversationId } })).toBe(before + 1);
      // Another agent cannot read an upload that is not yet sent; once sent, staff can.
      expect((await fetch(`${server.url}/api/attachments/${theirs.id}`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(404);
      expect((await fetch(`${server.url}/api/attachments/${mine.id}`, { headers: { authorization: `Bearer ${agent}` } })).status).toBe(200);
    });

    it('email: files travel as MIME parts of the reply', async () => {
      const to = `${randomId('mime')}@x.example`;
      const conversationId = await conversationOn('email', { kind: 'email', value: to }, { subject: 'Invoice' });
      const [pdf, png] = [await uploaded(admin, 'invoice.pdf', PDF), await uploaded(admin, 'chart.png', PNG)];
      const res = await reply(conversationId, { body: 'Both attached.', attachmentIds: [pdf.id, png.id] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.attachments.map((a) => [a.filename, a.deliveryStatus])).toEqual([['invoice.pdf', 'queued'], ['chart.png', 'queued']]);
      const mail = await smtp.waitFor((m) => m.envelope.to.includes(to));
      expect(mail.header('content-type')).toMatch(/^multipart\/mixed/);
      const parts = mail.parsed.attachments.map((a) => ({ name: a.filename, type: a.mimeType, data: Buffer.from(a.content as ArrayBuffer) }));
      expect(parts).toEqual([{ name: 'invoice.pdf', type: 'application/pdf', data: PDF }, { name: 'chart.png', type: 'image/png', data: PNG }]);
      const m = await delivered(res.body.id);
      expect(m.attachments.map((a) => a.deliveryStatus)).toEqual(['sent', 'sent']);
    });

    it('email: a failed send shows on every file, with the reason', async () => {
      const conversationId = await conversationOn('email', { kind: 'email', value: `${randomId('fail')}@x.example` });
      const file = await uploaded(admin, 'lost.pdf', PDF);
      smtp.failNextData(554);
      const res = await reply(conversationId, { body: 'This will bounce', attachmentIds: [file.id] });
      const m = await delivered(res.body.id);
      expect(m.deliveryStatus).toBe('failed');
      expect(m.attachments[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('554') });
      const detail = await server.api<{ messages: StaffMessage[] }>('GET', `/api/conversations/${conversationId}`, { token: admin });
      expect(detail.body.messages.at(-1)!.attachments[0]).toMatchObject({ deliveryStatus: 'failed' });
    });

    it('MMS: an image goes as a signed, expiring MediaUrl that serves the file; a PDF as a signed link in the text', async () => {
      const conversationId = await conversationOn('sms', { kind: 'phone', value: '+14155559001' });
      const [png, pdf] = [await uploaded(admin, 'photo.png', PNG), await uploaded(admin, 'terms.pdf', PDF)];
      const sentBefore = twilio.messages().length;
      const res = await reply(conversationId, { body: 'Photo and terms', attachmentIds: [png.id, pdf.id] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const m = await delivered(res.body.id);
      expect(m.deliveryStatus).toBe('sent');
      expect(m.attachments.map((a) => [a.filename, a.deliveryStatus])).toEqual([['photo.png', 'sent'], ['terms.pdf', 'linked']]);
      const [sent] = twilio.messages().slice(sentBefore);
      expect(sent!.mediaUrls).toHaveLength(1);
      const media = new URL(sent!.mediaUrls[0]!);
      expect(media.origin).toBe(PUBLIC);
      expect(media.pathname).toBe(`/api/attachments/${png.id}/signed`);
      // What Twilio would fetch: no session, just the signed link (here on the test server's own address).
      const fetched = await fetch(`${server.url}${media.pathname}${media.search}`);
      expect(fetched.status).toBe(200);
      expect(Buffer.from(await fetched.arrayBuffer())).toEqual(PNG);
      const tampered = new URL(media);
      tampered.searchParams.set('exp', String(Number(media.searchParams.get('exp')) + 1));
      expect((await fetch(`${server.url}${tampered.pathname}${tampered.search}`)).status).toBe(404);
      const expired = new URL(media);
      expired.searchParams.set('exp', '1000');
      expect((await fetch(`${server.url}${expired.pathname}${expired.search}`)).status).toBe(404);
      // The PDF rides in the text as a link, which downloads as an attachment.
      const link = /terms\.pdf: (\S+)/.exec(sent!.form.Body ?? '')?.[1];
      expect(link).toBeDefined();
      const linked = new URL(link!);
      const pdfRes = await fetch(`${server.url}${linked.pathname}${linked.search}`);
      expect(pdfRes.headers.get('content-disposition')).toMatch(/^attachment; filename="?terms\.pdf/);
      expect(Buffer.from(await pdfRes.arrayBuffer())).toEqual(PDF);
    });

    it('WhatsApp: one media per message, the rest follow as messages of their own', async () => {
      const conversationId = await conversationOn('whatsapp', { kind: 'phone', value: '+14155559002' });
      const ids = [(await uploaded(admin, 'a.png', PNG)).id, (await uploaded(admin, 'b.pdf', PDF)).id];
      const sentBefore = twilio.messages().length;
      const res = await reply(conversationId, { body: 'Two files', attachmentIds: ids });
      const m = await delivered(res.body.id);
      expect(m.attachments.map((a) => a.deliveryStatus)).toEqual(['sent', 'sent']);
      const sent = twilio.messages().slice(sentBefore);
      expect(sent.map((r) => [r.form.Body ?? '', r.mediaUrls.length])).toEqual([['Two files', 1], ['', 1]]);
      expect(sent[0]!.form.To).toBe('whatsapp:+14155559002');
    });

    it('WhatsApp: a retry after the first message sends only the files still missing', async () => {
      const conversationId = await conversationOn('whatsapp', { kind: 'phone', value: '+14155559004' });
      const ids = [(await uploaded(admin, 'one.png', PNG)).id, (await uploaded(admin, 'two.png', PNG)).id, (await uploaded(admin, 'three.png', PNG)).id];
      const sentBefore = twilio.messages().length;
      const text = `Three files ${randomId('w')}`;
      // The first message goes through, the second fails once: the retry must not send the first again.
      twilio.failOnce((r) => r.mediaUrls.some((u) => u.includes(ids[1]!)));
      const res = await reply(conversationId, { body: text, attachmentIds: ids });
      const m = await delivered(res.body.id);
      expect(m.deliveryStatus, m.deliveryError ?? '').toBe('sent');
      const created = twilio.messages().slice(sentBefore).filter((r) => r.form.To === 'whatsapp:+14155559004');
      expect(created.filter((r) => r.form.Body === text)).toHaveLength(1);
      // one, two (refused), two again, three.
      expect(created.map((r) => ids.findIndex((id) => r.mediaUrls[0]!.includes(id)))).toEqual([0, 1, 1, 2]);
    });

    it('Slack: files are uploaded (getUploadURLExternal, bytes, completeUploadExternal) into the thread', async () => {
      const threadTs = '1700000000.000100';
      const conversationId = await conversationOn('slack', { kind: 'slack', value: 'T0STANDIN:U0FILE' }, { threadKey: `C0FILES:${threadTs}` });
      const file = await uploaded(admin, 'report.pdf', PDF);
      const res = await reply(conversationId, { body: 'The report', attachmentIds: [file.id] });
      const m = await delivered(res.body.id);
      expect(m.deliveryStatus, m.deliveryError ?? '').toBe('sent');
      expect(m.attachments[0]!.deliveryStatus).toBe('sent');
      const [slot] = slack.callsTo('files.getUploadURLExternal').slice(-1);
      expect(slot!.body).toMatchObject({ filename: 'report.pdf', length: String(PDF.length) });
      const [complete] = slack.callsTo('files.completeUploadExternal').slice(-1);
      expect(complete!.answered).toBe('ok');
      expect(complete!.body).toMatchObject({ channel_id: 'C0FILES', thread_ts: threadTs });
      const [shared] = JSON.parse(String(complete!.body.files)) as { id: string }[];
      expect(slack.uploads.get(shared!.id)!.body.includes(PDF)).toBe(true);
      expect(slack.callsTo('chat.postMessage').slice(-1)[0]!.body).toMatchObject({ channel: 'C0FILES', thread_ts: threadTs, text: 'The report' });
    });

    it('Slack: a share that fails is retried by the outbox without posting the text twice', async () => {
      const conversationId = await conversationOn('slack', { kind: 'slack', value: 'T0STANDIN:U0RETRY' }, { threadKey: 'C0RETRY:1700000000.000200' });
      const file = await uploaded(admin, 'retry.pdf', PDF);
      slack.failNext('files.completeUploadExternal', { error: 'internal_error' });
      const text = `Retried ${randomId('r')}`;
      const res = await reply(conversationId, { body: text, attachmentIds: [file.id] });
      const m = await delivered(res.body.id);
      expect(m.deliveryStatus, m.deliveryError ?? '').toBe('sent');
      expect(m.attachments[0]!.deliveryStatus).toBe('sent');
      expect(slack.callsTo('chat.postMessage').filter((c) => c.body.text === text)).toHaveLength(1);
      const shares = slack.callsTo('files.completeUploadExternal').filter((c) => c.body.channel_id === 'C0RETRY');
      expect(shares.map((c) => c.answered)).toEqual(['internal_error', 'ok']);
    });

    it('voice: files are refused before anything is stored', async () => {
      const conversationId = await conversationOn('voice', { kind: 'phone', value: '+14155559003' });
      const file = await uploaded(admin, 'x.png', PNG);
      const before = await db().message.count({ where: { conversationId } });
      const res = await reply(conversationId, { body: 'a file', attachmentIds: [file.id] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ATTACHMENTS_NOT_SUPPORTED');
      expect(res.body.message).toContain('voice');
      expect(await db().message.count({ where: { conversationId } })).toBe(before);
      expect((await db().attachment.findUniqueOrThrow({ where: { id: file.id } })).messageId).toBeNull();
      const detail = await server.api<{ replyLimit: { files: boolean } }>('GET', `/api/conversations/${conversationId}`, { token: admin });
      expect(detail.body.replyLimit.files).toBe(false);
    });
  });

  describe('web chat', () => {
    async function visitorUpload(query: Record<string, string>, name: string, data: Buffer) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(data)]), name);
      const res = await fetch(`${server.url}/api/widget/attachments?${new URLSearchParams(query)}`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as Upload & Err, cors: res.headers.get('access-control-allow-origin') };
    }

    it('the visitor receives an agent’s file and downloads it with their tokens; another visitor cannot', async () => {
      const inboxToken = await server.inboxToken();
      const visitor = await connectVisitor(server.url, { inboxToken });
      const other = await connectVisitor(server.url, { inboxToken });
      try {
        const first = await emitAck<PublicMessage>(visitor.socket, 'message.send', { clientMessageId: randomId('c'), body: 'Can you send the manual?' });
        expect(first.ok).toBe(true);
        const conversationId = first.ok ? first.data.conversationId : '';
        const file = await uploaded(admin, 'manual.pdf', PDF);
        const arriving = waitForEvent<PublicMessage>(visitor.socket, 'message.created', (m) => m.attachments.length > 0);
        expect((await reply(conversationId, { body: '', attachmentIds: [file.id] })).status).toBe(201);
        const got = await arriving;
        expect(got.attachments).toEqual([{ id: file.id, filename: 'manual.pdf', contentType: 'application/pdf', size: PDF.length, url: `/api/attachments/${file.id}` }]);
        const own = await fetch(`${server.url}${got.attachments[0]!.url}?${new URLSearchParams({ inboxToken, visitorToken: visitor.ready.visitorToken })}`);
        expect(own.status).toBe(200);
        expect(own.headers.get('content-disposition')).toMatch(/^attachment/);
        expect(Buffer.from(await own.arrayBuffer())).toEqual(PDF);
        const theirs = await fetch(`${server.url}${got.attachments[0]!.url}?${new URLSearchParams({ inboxToken, visitorToken: other.ready.visitorToken })}`);
        expect(theirs.status).toBe(404);
        expect((await fetch(`${server.url}${got.attachments[0]!.url}?${new URLSearchParams({ inboxToken, visitorToken: 'forged' })}`)).status).toBe(404);
        expect((await delivered((await db().attachment.findUniqueOrThrow({ where: { id: file.id } })).messageId!)).attachments[0]!.deliveryStatus).toBe('sent');
      } finally {
        visitor.socket.disconnect();
        other.socket.disconnect();
      }
    });

    it('a visitor uploads by token with the same limits and sends the file; an image previews inline', async () => {
      const inboxToken = await server.inboxToken();
      const visitor = await connectVisitor(server.url, { inboxToken });
      const other = await connectVisitor(server.url, { inboxToken });
      try {
        const tokens = { inboxToken, visitorToken: visitor.ready.visitorToken };
        const up = await visitorUpload(tokens, 'screenshot.png', PNG);
        expect(up.status, JSON.stringify(up.body)).toBe(201);
        expect(up.cors).toBe('*');
        expect(up.body).toMatchObject({ fileName: 'screenshot.png', contentType: 'image/png' });
        expect((await visitorUpload({ inboxToken, visitorToken: 'forged' }, 'x.png', PNG)).status).toBe(401);
        expect((await visitorUpload(tokens, 'big.txt', Buffer.alloc(MAX + 1, 'a'))).status).toBe(413);
        expect((await visitorUpload(tokens, 'x.pdf', ELF)).status).toBe(415);
        // Another visitor cannot send it.
        const stolen = await emitAck(other.socket, 'message.send', { clientMessageId: randomId('c'), body: 'mine now', attachmentIds: [up.body.id] });
        expect(stolen).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_NOT_FOUND' } });
        const sent = await emitAck<PublicMessage>(visitor.socket, 'message.send', { clientMessageId: randomId('c'), body: 'Here is the error', attachmentIds: [up.body.id] });
        expect(sent.ok, JSON.stringify(sent)).toBe(true);
        if (!sent.ok) return;
        expect(sent.data.attachments.map((a) => a.filename)).toEqual(['screenshot.png']);
        const stored = await server.api<{ messages: StaffMessage[] }>('GET', `/api/conversations/${sent.data.conversationId}`, { token: admin });
        const msg = stored.body.messages.find((m) => m.id === sent.data.id)!;
        expect(msg.attachments[0]).toMatchObject({ id: up.body.id, deliveryStatus: null });
        const img = await fetch(`${server.url}/api/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${admin}` } });
        expect(img.headers.get('content-type')).toBe('image/png');
        expect(img.headers.get('content-disposition')).toMatch(/^inline/);
        expect(img.headers.get('content-security-policy')).toContain('sandbox');
        const twice = await emitAck(visitor.socket, 'message.send', { clientMessageId: randomId('c'), body: 'again', attachmentIds: [up.body.id] });
        expect(twice).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_ALREADY_SENT' } });
      } finally {
        visitor.socket.disconnect();
        other.socket.disconnect();
      }
    });
  });
});

describe('files on MMS without PUBLIC_URL', () => {
  it('fails the reply at once, saying that Twilio needs PUBLIC_URL to fetch the file', async () => {
    const twilio = await startTwilioStandIn();
    const server = await startTestServer('sqlite', { TWILIO_API_URL: twilio.url }, { adapters: { ...defaultAdapters(), sms: smsAdapter } });
    try {
      const token = await server.login();
      const inboxId = (await server.app.ctx.db.inbox.create({ data: { channel: 'sms', name: 'sms', publicToken: randomId('sms'), settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+14155550109' } } })).id;
      const { conversationId } = await server.app.ctx.ingest.receive({ inboxId, channel: 'sms', sender: { kind: 'phone', value: '+14155559009', verified: true }, text: 'photo please', externalId: randomId('ext') });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(PNG)]), 'photo.png');
      const up = (await (await fetch(`${server.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).json()) as Upload;
      const res = await server.api<StaffMessage>('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'here', attachmentIds: [up.id] } });
      expect(res.status).toBe(201);
      const m = await until(() => server.app.ctx.db.message.findUniqueOrThrow({ where: { id: res.body.id }, include: { attachments: true } }), (x) => x.deliveryStatus === 'failed');
      expect(m.deliveryError).toContain('PUBLIC_URL');
      expect(m.attachments[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('PUBLIC_URL') });
      expect(twilio.messages()).toHaveLength(0);
    } finally {
      await server.close();
      await twilio.close();
    }
  });
});
