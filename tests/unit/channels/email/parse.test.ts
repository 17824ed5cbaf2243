import { describe, expect, it } from 'vitest';
import { displayText } from '../../../../channels/email/inbound.js';
import { isNoise } from '../../../../channels/email/noise.js';
import { parseMail } from '../../../../channels/email/parse.js';
import { fixture } from '../../../fixtures/email/load.js';

const MB10 = 10 * 1024 * 1024;
const noise = async (name: string) => {
  const m = await parseMail(fixture(name), MB10);
  return isNoise({ headers: m.headers, from: m.from?.address ?? null, contentType: m.contentType, subject: m.subject }, 'support@switchboard.test')?.reason ?? null;
};

describe('parseMail on client fixtures', () => {
  it('Outlook: multipart/alternative, quoted header block trimmed from the display text', async () => {
    const m = await parseMail(fixture('outlook'), MB10);
    expect(m.from).toEqual({ address: 'olivia@customer.example', name: 'Olivia Outlook' });
    expect(m.subject).toBe('Invoice question');
    const text = displayText(m);
    expect(text).toContain('charged twice for invoice 2026-11 – please check.');
    expect(text).not.toContain('Your invoice is attached');
    expect(text).toContain('[Quoted text hidden');
    expect(m.html).not.toMatch(/<style|color:red/);
  });

  it('Gmail: attachment kept, event handlers and javascript: links removed from the HTML', async () => {
    const m = await parseMail(fixture('gmail'), MB10);
    expect(m.attachments.map((a) => a.filename)).toEqual(['screen.png']);
    expect(m.html).not.toMatch(/onerror|javascript:|alert\(2\)/i);
    expect(m.text).toContain('cannot log in');
  });

  it('Apple Mail: In-Reply-To read, "On ... wrote:" quote trimmed', async () => {
    const m = await parseMail(fixture('apple', { replyTo: '<root@x.example>' }), MB10);
    expect(m.inReplyTo).toEqual(['<root@x.example>']);
    expect(displayText(m).startsWith('Thanks, that worked!')).toBe(true);
    expect(displayText(m)).not.toContain('reset your password');
  });

  it.each([
    ['gbk', '张伟', '订单查询', '你好，我的订单还没有到。请帮忙查一下。'],
    ['big5', '陳小明', '訂單問題', '您好，我的訂單還沒有收到。'],
    ['iso2022jp', '山田太郎', '注文の件', 'こんにちは。注文について質問があります。'],
  ])('%s: names, subject and body decode through TextDecoder', async (name, from, subject, body) => {
    const m = await parseMail(fixture(name), MB10);
    expect(m.from?.name).toBe(from);
    expect(m.subject).toBe(subject);
    expect(m.text).toBe(body);
  });

  it('HTML-only: readable text, scripts/styles/handlers/javascript: URLs gone, link targets kept', async () => {
    const m = await parseMail(fixture('html-only'), MB10);
    expect(m.text).toContain('Refund please');
    expect(m.text).toContain('My order #42 arrived broken & I want a refund.');
    expect(m.text).toContain('order (https://shop.example/orders/42)');
    expect(m.text).not.toMatch(/steal|evil/);
    expect(m.html).toContain('href="https://shop.example/orders/42"');
    expect(m.html).not.toMatch(/<script|<style|<iframe|onload|onclick|javascript/i);
  });

  it('malformed MIME and invalid header encodings still produce a message', async () => {
    const bad = await parseMail(fixture('malformed'), MB10);
    expect(bad.from?.address).toBe('mal@example.net');
    expect(displayText(bad).length).toBeGreaterThan(0);
    const hdr = await parseMail(fixture('bad-headers'), MB10);
    expect(hdr.from?.address).toBe('bad@example.net');
    expect(hdr.text).toContain('Body with an invalid byte');
  });

  it('a missing Message-ID gets a stable synthetic one (redelivery still dedupes)', async () => {
    const raw = Buffer.from('From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n');
    expect((await parseMail(raw, MB10)).messageId).toBe((await parseMail(Buffer.from(raw), MB10)).messageId);
  });

  it('an attachment over the limit is skipped with a note', async () => {
    const m = await parseMail(fixture('gmail'), 10);
    expect(m.attachments).toEqual([]);
    expect(displayText(m)).toContain('[Attachment not stored, over the size limit: screen.png');
  });
});

describe('noise', () => {
  it('auto-replies and DSN bounces are ignored; customer mail is not', async () => {
    expect(await noise('auto-reply')).toMatch(/auto-submitted/);
    expect(await noise('bounce')).toMatch(/delivery status report|bounce/);
    expect(await noise('gmail')).toBeNull();
  });
  it('mail from our own address (or its plus-addresses) is ignored', () => {
    const base = { headers: new Map<string, string>(), contentType: 'text/plain', subject: 'Hello' };
    const reason = (input: Parameters<typeof isNoise>[0]) => isNoise(input, 'support@switchboard.test')?.reason ?? null;
    expect(reason({ ...base, from: 'support@switchboard.test' })).toMatch(/own address/);
    expect(reason({ ...base, from: 'support+abc123@switchboard.test' })).toMatch(/own address/);
    expect(reason({ ...base, from: 'precedence@x.example', headers: new Map([['precedence', 'bulk']]) })).toMatch(/bulk/);
    expect(reason({ ...base, from: 'x@y.example', headers: new Map([['auto-submitted', 'no']]) })).toBeNull();
  });
});
