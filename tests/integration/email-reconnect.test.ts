// Dovecot restarted six times with healthy sessions in between (issue #18 item 1): every drop after
// a healthy session is retried after the shortest backoff again, not after a delay that kept growing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { deliver, emailSettings, plainMail, until } from '../fixtures/email/harness.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SUPPORT = { user: 'support', password: 'imap-secret' };
const missing = dovecotMissing();

describe.skipIf(!!missing)(`IMAP reconnects after server restarts${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dovecot: Dovecot;
  let server: TestServer;
  let logs: LogCapture;
  let inboxId: string;

  beforeAll(async () => {
    dovecot = await startDovecot([SUPPORT]);
    logs = captureLogs();
    // Backoff 1 s .. 60 s: the delay the watcher announces ("retrying in N s") shows the attempt count.
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, backoffMinMs: 1000, backoffMaxMs: 60_000 });
    server = await startTestServer('sqlite', {}, { adapters: { ...defaultAdapters(), email }, log: logs.log });
    const token = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token, body: { channel: 'email', name: 'Support', settings: emailSettings(dovecot, SUPPORT) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    await dovecot?.stop();
  });

  const stored = (externalId: string) => until(async () => server.app.ctx.db.message.findFirst({ where: { inboxId, externalId } }), 20_000, `mail ${externalId}`);
  const failuresSince = (t: number) => logs.find('email watcher failed; retrying', (l) => (l.time as number) >= t);

  it('each drop after a healthy session retries after the minimum delay', async () => {
    const first = plainMail();
    await deliver(dovecot, SUPPORT, [first.raw]);
    await stored(first.id);
    for (let cycle = 1; cycle <= 6; cycle++) {
      const at = Date.now();
      await dovecot.restart();
      const [drop] = await until(async () => { const f = failuresSince(at); return f.length ? f : null; }, 10_000, `the drop of cycle ${cycle}`);
      expect(String(drop!.err), `cycle ${cycle}`).toMatch(/retrying in 1 s$/);
      // Healthy again: the mail delivered after the restart is read.
      const m = plainMail();
      await deliver(dovecot, SUPPORT, [m.raw]);
      await stored(m.id);
    }
  }, 120_000);
});
