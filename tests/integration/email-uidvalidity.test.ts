// UIDVALIDITY changes for real: the watched folder is deleted and created again in Dovecot, so
// UIDs start over below the stored cursor. Nothing may be lost (a watcher that trusted its old
// cursor would skip the new UIDs) and nothing stored twice (a restored copy dedupes by Message-ID).
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../channels/email/adapter.js';
import { defaultAdapters } from '../../channels/registry.js';
import { deliver, emailSettings, plainMail, until } from '../fixtures/email/harness.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

const missing = dovecotMissing();
const SUPPORT = { user: 'support', password: 'imap-secret' };
const FOLDER = 'Support';

describe.skipIf(!!missing).each(databases())('email UIDVALIDITY change on %s', (db) => {
  let dovecot: Dovecot;
  let server: TestServer;
  let inboxId: string;
  let imap: ImapFlow;
  const count = (externalId: string) => server.app.ctx.db.message.count({ where: { inboxId, externalId } });
  const cursor = async () => {
    const row = await server.app.ctx.db.setting.findUnique({ where: { key: `channel:email:${inboxId}:cursor` } });
    return row ? (JSON.parse(row.value) as { uidValidity: string; lastUid: number }) : null;
  };
  const folderStatus = async () => {
    const s = await imap.status(FOLDER, { uidValidity: true, uidNext: true });
    if (!s) throw new Error(`no STATUS for ${FOLDER}`);
    return s;
  };
  const uidValidity = async () => String((await folderStatus()).uidValidity);

  beforeAll(async () => {
    dovecot = await startDovecot([SUPPORT]);
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: SUPPORT.user, pass: SUPPORT.password }, logger: false });
    await imap.connect();
    await imap.mailboxCreate(FOLDER);
    const email = createEmailAdapter({ rescanMs: 200, leaseRetryMs: 200, backoffMinMs: 200, backoffMaxMs: 1000 });
    server = await startTestServer(db, {}, { adapters: { ...defaultAdapters(), email } });
    const admin = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'email', name: 'Filed mail', settings: emailSettings(dovecot, SUPPORT, { mailbox: FOLDER }) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
  });
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await server?.close();
    await dovecot?.stop();
  });

  it('after the folder is recreated, restored mail is not stored twice and new mail below the old cursor arrives', async () => {
    const before = [plainMail(), plainMail(), plainMail()];
    await deliver(dovecot, SUPPORT, before.map((m) => m.raw), FOLDER);
    for (const m of before) await until(async () => (await count(m.id)) === 1, 15_000, `${m.id} stored`);
    const oldValidity = await uidValidity();
    const old = await until(async () => { const c = await cursor(); return c?.lastUid === 3 ? c : null; }, 10_000, 'cursor at UID 3');
    expect(old.uidValidity).toBe(oldValidity);

    // A mail admin rebuilds the folder: deleted, created again, one old mail restored, new mail filed.
    await imap.mailboxDelete(FOLDER);
    await imap.mailboxCreate(FOLDER);
    const fresh = [plainMail(), plainMail()];
    await deliver(dovecot, SUPPORT, [before[1]!.raw, ...fresh.map((m) => m.raw)], FOLDER);
    const newValidity = await uidValidity();
    expect(newValidity).not.toBe(oldValidity);
    const uids = (await folderStatus()).uidNext! - 1;
    expect(uids).toBeLessThanOrEqual(old.lastUid); // every new UID is one the old cursor would skip

    for (const m of fresh) await until(async () => (await count(m.id)) === 1, 40_000, `${m.id} stored after the change`);
    await until(async () => (await cursor())?.uidValidity === newValidity, 10_000, 'cursor on the new UIDVALIDITY');
    for (const m of before) expect(await count(m.id), m.id).toBe(1);

    // Mail after the resync arrives as usual (the watcher is on the new folder, not stuck).
    const after = plainMail();
    await deliver(dovecot, SUPPORT, [after.raw], FOLDER);
    await until(async () => (await count(after.id)) === 1, 15_000, 'mail after the resync');
    const total = await server.app.ctx.db.message.count({ where: { inboxId, direction: 'in' } });
    expect(total).toBe(before.length + fresh.length + 1);
  }, 90_000);
});
