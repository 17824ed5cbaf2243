// Attachments end to end: a content type from the sender is checked at ingest (a MIME type or
// application/octet-stream), and a download is always a safe attachment (Content-Disposition,
// nosniff, a sandboxing CSP), whatever a stored row says: one odd email must never take the server down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMail } from '../../channels/email/parse.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

const mail = (contentType: string, filename: string) => Buffer.from([
  'From: Odd Sender <odd@x.example>', 'To: support@switchboard.test', `Subject: odd types ${randomId('s')}`, `Message-ID: <${randomId('m')}@x.example>`,
  'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'see attached', '--b',
  `Content-Type: ${contentType}`, `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(filename)}`, 'Content-Transfer-Encoding: base64', '',
  Buffer.from('file body').toString('base64'), '--b--', '',
].join('\r\n'), 'utf8');

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;
  let inboxId: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
    inboxId = (await server.app.ctx.db.inbox.create({ data: { channel: 'email', name: 'mail', publicToken: randomId('ema') } })).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The email path as the IMAP watcher runs it, minus IMAP: parse the bytes, then the shared ingest. */
  async function receive(contentType: string, filename: string) {
    const parsed = await parseMail(mail(contentType, filename), 25 * 1024 * 1024);
    const result = await server.app.ctx.ingest.receive({ inboxId, channel: 'email', sender: { kind: 'email', value: parsed.from!.address, verified: true }, text: parsed.text, externalId: parsed.messageId, subject: parsed.subject, attachments: parsed.attachments });
    return server.app.ctx.db.attachment.findFirstOrThrow({ where: { messageId: result.messageId } });
  }

  const download = (id: string) => fetch(`${server.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${admin}` } });

  it('a content type that is not a MIME type (文件/x, control characters) is stored as application/octet-stream', async () => {
    for (const odd of ['文件/x', 'image/png\u0001', 'text/html x', 'nonsense']) {
      const stored = await receive(odd, 'report.bin');
      expect(stored.contentType, odd).toBe('application/octet-stream');
    }
    // A real type keeps its essence, lowercased, without parameters.
    expect((await receive('Image/PNG; name="pic.png"', 'pic.png')).contentType).toBe('image/png');
  });

  it('the download of such a mail is a 200 attachment, and the server keeps serving', async () => {
    const stored = await receive('文件/x', '报告 "final".pdf');
    const res = await download(stored.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''%E6%8A%A5%E5%91%8A/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(await res.text()).toBe('file body');
    expect((await server.api('GET', '/api/health')).status).toBe(200);
  });

  it('rows stored before the check (any bytes in contentType or filename) download safely too', async () => {
    const stored = await receive('text/plain', 'plain.txt');
    for (const [contentType, filename] of [['文件/x', 'a.txt'], ['text/html\r\nX-Injected: 1', 'b.txt'], ['text/plain', 'line\r\nbreak\u0007.txt'], ['', '']]) {
      await server.app.ctx.db.attachment.update({ where: { id: stored.id }, data: { contentType: contentType!, filename: filename! } });
      const res = await download(stored.id);
      expect(res.status, `${JSON.stringify(contentType)} ${JSON.stringify(filename)}`).toBe(200);
      expect(res.headers.get('x-injected')).toBeNull();
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
      await res.arrayBuffer();
    }
    expect((await server.api('GET', '/api/health')).status).toBe(200);
  });

  it('an HTML attachment is still a download of text/html that cannot run: never rendered in our origin', async () => {
    const stored = await receive('text/html', 'page.html');
    const res = await download(stored.id);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?page.html"?$/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('a row whose file is gone is a 404, not a crash', async () => {
    const stored = await receive('text/plain', 'gone.txt');
    await server.app.ctx.db.attachment.update({ where: { id: stored.id }, data: { storageKey: '2000-01-01/missing' } });
    expect((await download(stored.id)).status).toBe(404);
    expect((await server.api('GET', '/api/health')).status).toBe(200);
  });
});
