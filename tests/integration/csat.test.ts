// CSAT on every channel the server can do now: webchat (event), email (signed links over HTTP),
// SMS (reply capture); one response per conversation; expired and forged links refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCsatToken } from '../../server/csat/token.js';
import type { CsatRequested } from '../../server/csat/service.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { CSAT_ENV, CSAT_SECRET, makeConversation, mountExtras } from '../unit/reports/harness.js';
import { createStaff } from './support.js';

async function until<T>(read: () => Promise<T | null | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let extras: ReturnType<typeof mountExtras>;
  let admin: string;
  let agentId: string;
  const requested: CsatRequested[] = [];

  beforeAll(async () => {
    server = await startTestServer(db, CSAT_ENV);
    extras = mountExtras(server);
    admin = await server.login();
    agentId = (await createStaff(server, admin, { role: 'agent' })).id;
    (server.app.ctx.bus as unknown as { on(e: string, f: (p: CsatRequested) => void): void }).on('csat.requested', (p) => void requested.push(p));
  });
  afterAll(async () => {
    await extras?.close();
    await server?.close();
  });

  const resolve = (id: string) => server.api('POST', `/api/conversations/${id}/status`, { token: admin, body: { status: 'resolved' } });

  it('webchat: resolving emits csat.requested once; the widget path stores the score once', async () => {
    const c = await makeConversation(server, { channel: 'webchat', assigneeId: agentId, createdAt: new Date(), type: 'sales' });
    expect((await resolve(c.id)).status).toBe(200);
    const req = await until(async () => requested.find((r) => r.conversationId === c.id));
    await server.api('POST', `/api/conversations/${c.id}/status`, { token: admin, body: { status: 'open' } });
    await resolve(c.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(requested.filter((r) => r.conversationId === c.id)).toHaveLength(1);
    const { csatSubmitHandler } = await import('../../server/csat/widget.js');
    const handler = csatSubmitHandler(extras.csat, server.app.ctx.log);
    const acks: unknown[] = [];
    await handler({ token: req.token, score: 5, comment: 'great' }, (r) => void acks.push(r));
    await handler({ token: req.token, score: 1 }, (r) => void acks.push(r));
    await handler({ token: req.token, score: 9 }, (r) => void acks.push(r));
    expect(acks[0]).toEqual({ ok: true, data: { saved: true, score: 5 } });
    expect(acks[1]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(acks[2]).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'score' } });
    const row = await server.app.ctx.db.csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } });
    expect(row).toMatchObject({ score: 5, comment: 'great', agentId, channel: 'webchat', type: 'sales' });
  });

  it('email: the link shows the question and never votes (GET and HEAD); one click on the page posts the rating and an optional comment', async () => {
    const c = await makeConversation(server, { channel: 'email', assigneeId: agentId, createdAt: new Date(), email: `c${Date.now()}@x.test` });
    await resolve(c.id);
    const m = await until(() => server.app.ctx.db.message.findFirst({ where: { conversationId: c.id, authorKind: 'system' } }));
    expect(m.deliveryStatus === 'queued' || m.deliveryStatus === 'sent' || m.deliveryStatus === 'failed').toBe(true);
    const link = /http:\/\/survey\.test(\/csat\/[^/\s]+)\/4/.exec(m.body)![1]!;
    // What a link scanner (Safe Links, Mimecast) does: fetch every link, HEAD and GET, the 5-star one first.
    for (const score of [5, 4, 3, 2, 1]) {
      expect((await fetch(`${extras.url}${link}/${score}`, { method: 'HEAD' })).status).toBe(200);
      expect((await extras.get(`${link}/${score}`)).status).toBe(200);
    }
    expect(await server.app.ctx.db.csatResponse.count({ where: { conversationId: c.id } })).toBe(0);
    const page = await extras.get(`${link}/4`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('How did we do?');
    expect(page.text).toMatch(new RegExp(`<form method="post" action="${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">`));
    // The score from the link is the focused choice; every score is one button of the same form.
    expect(page.text).toMatch(/<button[^>]*name="score" value="4"[^>]*autofocus/);
    for (const score of [1, 2, 3, 5]) expect(page.text).toMatch(new RegExp(`<button[^>]*name="score" value="${score}"`));
    const post = (body: string) => fetch(`${extras.url}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const voted = await post('score=4&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(voted.status).toBe(200);
    const thanks = await voted.text();
    expect(thanks).toContain('You rated us 4 out of 5.');
    expect(thanks).not.toContain('<script>alert(1)');
    expect((await post('score=5')).status).toBe(409);
    // After the vote, the link says so instead of asking again.
    expect((await extras.get(`${link}/5`)).text).toContain('Already rated');
    const row = await server.app.ctx.db.csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } });
    expect(row).toMatchObject({ score: 4, comment: '<script>alert(1)</script>', channel: 'email' });
  });

  it('email: a rating posted without a comment can take one afterwards; a bad score is 400 on the page', async () => {
    const c = await makeConversation(server, { channel: 'email', createdAt: new Date() });
    const token = signCsatToken(CSAT_SECRET, c.id);
    const form = (route: string, body: string) => fetch(`${extras.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await form(`/csat/${token}`, 'score=9')).status).toBe(400);
    expect((await form(`/csat/${token}`, '')).status).toBe(400);
    const voted = await form(`/csat/${token}`, 'score=2');
    expect(voted.status).toBe(200);
    expect(await voted.text()).toContain(`action="/csat/${token}/comment"`);
    expect((await form(`/csat/${token}/comment`, 'comment=slow')).status).toBe(200);
    expect(await server.app.ctx.db.csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } })).toMatchObject({ score: 2, comment: 'slow' });
  });

  it('refuses expired and forged links', async () => {
    const c = await makeConversation(server, { channel: 'email', createdAt: new Date() });
    const old = signCsatToken(CSAT_SECRET, c.id, Date.now() - 8 * 86_400_000);
    const expired = await extras.get(`/csat/${old}/5`);
    expect(expired.status).toBe(400);
    const expiredPost = await fetch(`${extras.url}/csat/${old}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=5' });
    expect(expiredPost.status).toBe(400);
    expect(expired.text).toContain('expired');
    const forged = signCsatToken('another-secret-0123456789abcdefgh', c.id);
    expect((await extras.get(`/csat/${forged}/5`)).status).toBe(401);
    await expect(extras.csat.submit(old, 5)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'token' });
    await expect(extras.csat.submit(forged, 5)).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    expect(await server.app.ctx.db.csatResponse.count({ where: { conversationId: c.id } })).toBe(0);
  });

  it('speaks the conversation\'s language: a Chinese email conversation gets the survey and its pages in Chinese; a bad link follows Accept-Language', async () => {
    const c = await makeConversation(server, { channel: 'email', assigneeId: agentId, createdAt: new Date(), email: `zh${Date.now()}@x.test` });
    await server.app.ctx.db.conversation.update({ where: { id: c.id }, data: { language: 'zh' } });
    await resolve(c.id);
    const m = await until(() => server.app.ctx.db.message.findFirst({ where: { conversationId: c.id, authorKind: 'system' } }));
    expect(m.body).toContain('请为本次对话评分');
    const link = /http:\/\/survey\.test(\/csat\/[^/\s]+)\/4/.exec(m.body)![1]!;
    const page = await extras.get(`${link}/4`);
    expect(page.text).toContain('<html lang="zh">');
    expect(page.text).toContain('我们做得怎么样？');
    expect(page.text).not.toContain('How did we do?');
    const voted = await fetch(`${extras.url}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=4' });
    expect(await voted.text()).toContain('您给了我们 4 分（满分 5 分）。');
    const forged = signCsatToken('another-secret-0123456789abcdefgh', c.id);
    const bad = await fetch(`${extras.url}/csat/${forged}/5`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('此链接无效');
  });

  it('sms in Chinese: the rating prompt is in the customer\'s language', async () => {
    const phone = `+1556${Math.floor(Math.random() * 1e7)}`;
    const c = await makeConversation(server, { channel: 'sms', assigneeId: agentId, createdAt: new Date(), phone });
    await server.app.ctx.db.conversation.update({ where: { id: c.id }, data: { language: 'zh' } });
    await resolve(c.id);
    const m = await until(() => server.app.ctx.db.message.findFirst({ where: { conversationId: c.id, authorKind: 'system' } }));
    expect(m.body).toContain('回复 1-5');
  });

  it('sms: "Reply 1-5" is sent and a bare digit reply within 24 h becomes the score', async () => {
    const phone = `+1555${Math.floor(Math.random() * 1e7)}`;
    const c = await makeConversation(server, { channel: 'sms', assigneeId: agentId, createdAt: new Date(), phone });
    expect(await extras.csat.captureReply(c.id, '3')).toBe(false); // not asked yet
    await resolve(c.id);
    const m = await until(() => server.app.ctx.db.message.findFirst({ where: { conversationId: c.id, authorKind: 'system' } }));
    expect(m.body).toContain('Reply 1-5');
    expect(await extras.csat.captureReply(c.id, 'thanks!')).toBe(false);
    const captured = await extras.csat.captureInbound({ inboxId: c.inboxId, channel: 'sms', sender: { kind: 'phone', value: phone, verified: true }, text: ' 3 ', externalId: `SM${Date.now()}` });
    expect(captured).toMatchObject({ conversationId: c.id, created: true });
    expect(await extras.csat.captureReply(c.id, '5')).toBe(false); // only once
    const row = await server.app.ctx.db.csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } });
    expect(row).toMatchObject({ score: 3, channel: 'sms', agentId });
  });
});
