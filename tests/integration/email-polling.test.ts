// A mail server without IDLE (a real Dovecot told not to announce it): the watcher must poll.
// Lease renewal is pushed far out, so the only thing that can pick up new mail in time is the poll.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { deliver, emailSettings, plainMail, until } from '../fixtures/email/harness.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

const missing = dovecotMissing();
const SUPPORT = { user: 'support', password: 'imap-secret' };
const POLL_SEC = 5;

describe.skipIf(!!missing).each(databases())('email polling without IDLE on %s', (db) => {
  let dovecot: Dovecot;
  let server: TestServer;
  let admin: string;
  let inboxId: string;
  const stored = (externalId: string) => server.app.ctx.db.message.count({ where: { inboxId, externalId } });

  beforeAll(async () => {
    dovecot = await startDovecot([SUPPORT], { idle: false });
    // Renewal (which also wakes the loop) every 2 minutes: only polling can fetch within seconds.
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, renewMs: 120_000, leaseTtlMs: 300_000 });
    server = await startTestServer(db, {}, { adapters: { ...defaultAdapters(), email } });
    admin = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'No IDLE', settings: emailSettings(dovecot, SUPPORT, { pollIntervalSec: POLL_SEC }) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await dovecot?.stop();
  });

  it('the server really offers no IDLE, and the admin status says the mailbox is polled', async () => {
    const probe = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: SUPPORT.user, pass: SUPPORT.password }, logger: false });
    await probe.connect();
    expect(probe.capabilities.has('IDLE')).toBe(false);
    expect(probe.capabilities.has('UIDPLUS')).toBe(true); // the rest of Dovecot's list is intact
    await probe.logout();
    const status = await until(async () => {
      const s = await server.api<{ state: string; message: string }>('GET', `/api/inboxes/${inboxId}/status`, { token: admin });
      return s.body.state === 'connected' ? s.body : null;
    }, 15_000, 'connected status');
    expect(status.message).toMatch(new RegExp(`polling every ${POLL_SEC} s`));
  });

  it('mail arriving after the watcher settled becomes a conversation within a poll interval, again and again', async () => {
    await until(async () => (await server.api<{ state: string }>('GET', `/api/inboxes/${inboxId}/status`, { token: admin })).body.state === 'connected', 15_000, 'connected');
    for (let round = 0; round < 2; round++) {
      const mail = plainMail({ subject: `Polling round ${round}` });
      const sentAt = Date.now();
      await deliver(dovecot, SUPPORT, [mail.raw]);
      // One poll interval plus fetch time; a watcher that never polls waits for the 2-minute renewal.
      await until(async () => (await stored(mail.id)) === 1, (POLL_SEC + 5) * 1000, `${mail.id} stored by polling`);
      expect(Date.now() - sentAt).toBeLessThan((POLL_SEC + 5) * 1000);
      const conv = await server.app.ctx.db.message.findFirstOrThrow({ where: { inboxId, externalId: mail.id }, select: { conversation: { select: { channel: true, subject: true } } } });
      expect(conv.conversation).toEqual({ channel: 'email', subject: `Polling round ${round}` });
    }
  }, 60_000);
});
