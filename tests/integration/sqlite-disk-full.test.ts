// A full disk under DATA_DIR (a real tmpfs of a few megabytes): writes fail fast with a clear error,
// health says so, everything recovers by itself once space is freed, and no acknowledged message is lost.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { ADMIN } from '../helpers/server.js';
import { connectVisitor, emitAck, randomId, type Visitor } from './support.js';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'sb-full-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const dataDir = path.join(mountPoint, 'data');
const filler = path.join(mountPoint, 'filler');

async function start(): Promise<{ app: App; url: string }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const app = await createApp(config, { log: createLogger('silent'), print: () => undefined });
  return { app, url: await app.listen(0, '127.0.0.1') };
}

/** Writes until the file system says ENOSPC. */
function fillDisk(): void {
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

describe.skipIf(!mounted)('SQLite on a full disk (skipped unless this user may mount a tmpfs, as root on CI)', () => {
  let server: { app: App; url: string };
  let token: string;
  let inboxToken: string;
  let visitor: Visitor;
  const acked: string[] = [];
  let conversationId: string;

  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(server.url + route, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const send = async (body: string) => {
    const clientMessageId = randomId('full');
    const result = await emitAck<{ id: number; conversationId: string }>(visitor.socket, 'message.send', { clientMessageId, body }, 5_000);
    if (result.ok) acked.push(clientMessageId);
    return result;
  };

  beforeAll(async () => {
    mkdirSync(dataDir);
    server = await start();
    const login = await fetch(server.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    token = ((await login.json()) as { token: string }).token;
    inboxToken = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).publicToken;
    visitor = await connectVisitor(server.url, { inboxToken });
    const first = await send('hello, before the disk fills');
    expect(first.ok).toBe(true);
    conversationId = first.ok ? first.data.conversationId : '';
  });

  afterAll(async () => {
    visitor?.socket.disconnect();
    await server?.app.close();
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('fails writes fast with STORAGE_UNAVAILABLE, reports it in health, and recovers by itself when space returns', async () => {
    fillDisk();
    // Chat keeps writing into what the WAL already holds until it needs a new page: then it must fail, quickly.
    const big = 'x'.repeat(4_000);
    let failure: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 3_000 && !failure; i++) {
      const { value, ms } = await timed(() => send(`${i} ${big}`));
      expect(ms).toBeLessThan(3_000);
      if (!value.ok) failure = value;
    }
    expect(failure).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });

    // Every other kind of write answers at once too (a transaction: the reply and its outbox job; a status change).
    const reply = await timed(() => api('POST', `/api/conversations/${conversationId}/messages`, { body: `reply ${big}` }));
    expect(reply.ms).toBeLessThan(3_000);
    expect(reply.value).toMatchObject({ status: 503, body: { code: 'STORAGE_UNAVAILABLE' } });
    const health = await api('GET', '/api/health');
    expect(health).toMatchObject({ status: 503, body: { status: 'failing', storage: { ok: false } } });

    rmSync(filler);
    // Nothing restarts: the health probe sees the disk take writes again, and so do chat, replies and status changes.
    let healthy = false;
    for (const until = Date.now() + 10_000; !healthy && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      healthy = (await api('GET', '/api/health')).status === 200;
    }
    expect(healthy).toBe(true);
    expect(await send('hello again, after space was freed')).toMatchObject({ ok: true });
    expect((await api('POST', `/api/conversations/${conversationId}/messages`, { body: 'we are back' })).status).toBe(201);
    expect((await api('POST', `/api/conversations/${conversationId}/status`, { status: 'resolved' })).status).toBe(200);
  }, 120_000);

  it('after a restart every acknowledged message is there, once', async () => {
    visitor.socket.disconnect();
    await server.app.close();
    server = await start();
    const stored = await server.app.ctx.db.message.findMany({ where: { clientMessageId: { in: acked } }, select: { clientMessageId: true } });
    expect(stored.length).toBe(acked.length);
    expect(new Set(stored.map((m) => m.clientMessageId)).size).toBe(acked.length);
    expect(acked.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
