// A node killed mid-watch (kill -9) and started again on its DATA_DIR takes its mailbox lease back at
// once instead of waiting out the dead process's 60 s lease (issue #18 item 2); a second process
// started on the same DATA_DIR while the first runs never passes for it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type NodeProcess } from '../../scripts/cluster.js';
import { deliver, emailSettings, plainMail, until } from '../fixtures/email/harness.js';
import { api, login } from '../helpers/cluster.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { ADMIN } from '../helpers/server.js';

const SUPPORT = { user: 'support', password: 'imap-secret' };
const missing = dovecotMissing();

describe.skipIf(!!missing)(`a restarted node and its mailbox lease${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dovecot: Dovecot;
  let dir: string;
  const nodes: NodeProcess[] = [];
  const start = async () => {
    const node = await startNode(nodes.length, { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn' });
    nodes.push(node);
    return node;
  };
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(path.join(dir, 'switchboard.db'), { readonly: true, fileMustExist: true });
    try { return db.prepare(sql).all(...params) as T[]; } finally { db.close(); }
  };
  // Prisma keeps SQLite DateTimes as ISO text or epoch milliseconds.
  const ms = (v: number | string) => (typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v));
  const lease = (name: string) => query<{ owner: string; expiresAt: number | string }>('SELECT owner, expiresAt FROM Lease WHERE name = ?', name)[0];
  const stored = (externalId: string) => until(async () => query<{ createdAt: number | string }>('SELECT createdAt FROM Message WHERE externalId = ?', externalId)[0], 30_000, `mail ${externalId}`);

  beforeAll(async () => {
    dovecot = await startDovecot([SUPPORT]);
    dir = mkdtempSync(path.join(tmpdir(), 'switchboard-restart-'));
  }, 30_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await dovecot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9, start again: the mailbox is watched again long before the old lease runs out', async () => {
    const a = await start();
    const token = await login(a.url);
    const res = await api<{ id: string }>(a.url, 'POST', '/api/inboxes', { token, body: { channel: 'email', name: 'Support', settings: emailSettings(dovecot, SUPPORT) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const name = `email:${res.body.id}`;
    const first = plainMail();
    await deliver(dovecot, SUPPORT, [first.raw]);
    await stored(first.id);
    const before = lease(name)!;

    await a.stop('SIGKILL');
    const waiting = plainMail();
    await deliver(dovecot, SUPPORT, [waiting.raw]);
    const b = await start();
    const row = await stored(waiting.id);
    // Stored while the dead process's lease was still running: taken back, not waited out.
    expect(ms(row.createdAt)).toBeLessThan(ms(before.expiresAt));
    const after = lease(name)!;
    expect(after.owner).not.toBe(before.owner);
    expect(after.owner.split('/')[0]).toBe(before.owner.split('/')[0]);

    // A second process on the same DATA_DIR while B runs gets a name of its own and stays out.
    const c = await start();
    const later = plainMail();
    await deliver(dovecot, SUPPORT, [later.raw]);
    await stored(later.id);
    await new Promise((r) => setTimeout(r, 2000)); // C's watcher has asked for the lease by now
    expect(lease(name)!.owner).toBe(after.owner);
    expect(JSON.parse(readFileSync(path.join(dir, 'nodes', `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}.json`), 'utf8')).pid).toBe(b.child.pid);
    expect(dovecot.sessions(SUPPORT.user)).toBe(1);
    await Promise.all([b.stop('SIGTERM'), c.stop('SIGTERM')]);
  }, 120_000);
});
