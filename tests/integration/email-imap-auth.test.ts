// A wrong IMAP password: the inbox status says so clearly, the watcher retries with growing delays
// (timed at a TCP relay in front of the real Dovecot), and recovers once the password is fixed.
import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { emailSettings, until } from '../fixtures/email/harness.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

const missing = dovecotMissing();
const SUPPORT = { user: 'support', password: 'imap-secret' };
const BACKOFF = { backoffMinMs: 300, backoffMaxMs: 5000 };

interface Attempt { opened: number; closed: number | null }

/** Forwards to Dovecot and records when each connection opened and closed. */
async function relay(target: Dovecot): Promise<{ port: number; attempts: Attempt[]; close(): Promise<void> }> {
  const attempts: Attempt[] = [];
  const server: Server = createServer((socket) => {
    const attempt: Attempt = { opened: Date.now(), closed: null };
    attempts.push(attempt);
    const upstream = createConnection(target.port, target.host);
    socket.pipe(upstream).pipe(socket);
    const end = () => { attempt.closed ??= Date.now(); socket.destroy(); upstream.destroy(); };
    socket.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, attempts, close: () => new Promise((resolve) => { server.close(() => resolve()); }) };
}

describe.skipIf(!!missing).each(databases())('email wrong IMAP password on %s', (db) => {
  let dovecot: Dovecot;
  let proxy: Awaited<ReturnType<typeof relay>>;
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    dovecot = await startDovecot([SUPPORT]);
    proxy = await relay(dovecot);
    server = await startTestServer(db, {}, { adapters: { ...defaultAdapters(), email: createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, ...BACKOFF }) } });
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await dovecot?.stop();
  });

  it('shows a clear auth_failed status, retries with exponential backoff, and recovers when the password is fixed', async () => {
    const settings = (password: string) => ({ ...emailSettings(dovecot, { ...SUPPORT, password }), imap: { host: '127.0.0.1', port: proxy.port, secure: false, user: SUPPORT.user } });
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'Wrong password', settings: settings('wrong') } });
    expect(res.status).toBe(201);
    const statusOf = async () => (await server.api<{ state: string; message: string }>('GET', `/api/inboxes/${res.body.id}/status`, { token: admin })).body;

    const status = await until(async () => { const s = await statusOf(); return s.state === 'auth_failed' ? s : null; }, 15_000, 'auth_failed');
    expect(status.message).toMatch(/^IMAP login failed for "support" at 127\.0\.0\.1:\d+ \(.*[Aa]uthentication failed.*\): check the IMAP user and password; retrying in \d+ s$/);

    // Dovecot itself answers repeated failures slowly (its auth penalty, ~4 s), so the client's own wait
    // is measured from one connection's close to the next one's open: 300, 600, 1200 ms, each +-25%.
    const attempts = await until(async () => (proxy.attempts.length >= 4 ? proxy.attempts.slice(0, 4) : null), 40_000, 'four login attempts');
    const waits = attempts.slice(1).map((a, i) => a.opened - attempts[i]!.closed!);
    const label = `waits ${waits.join(', ')} ms`;
    for (const [i, w] of waits.entries()) {
      const base = BACKOFF.backoffMinMs * 2 ** i;
      expect(w, label).toBeGreaterThanOrEqual(base * 0.75 - 20);
      expect(w, label).toBeLessThanOrEqual(base * 1.25 + 500);
    }
    expect((await server.api('GET', '/api/health')).status).toBe(200);

    const fix = await server.api('PATCH', `/api/inboxes/${res.body.id}`, { token: admin, body: { settings: settings(SUPPORT.password) } });
    expect(fix.status, JSON.stringify(fix.body)).toBe(200);
    const ok = await until(async () => { const s = await statusOf(); return s.state === 'connected' ? s : null; }, 15_000, 'connected after the fix');
    expect(ok.message).toMatch(/watching "INBOX" \(IDLE\)/);
  }, 90_000);
});
