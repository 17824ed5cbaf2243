// Two real server processes on one PostgreSQL contend for one mailbox: exactly one IMAP session
// (as Dovecot counts them) holds the lease; when that node stops the other takes over, and every
// mail is stored once. Uses the default adapter timing (lease retry 20 s), hence the long timeout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type NodeProcess } from '../../scripts/cluster.js';
import { deliver, emailSettings, plainMail, until } from '../fixtures/email/harness.js';
import { api, clusterEnv, login, postgresUnavailable, type ClusterEnv } from '../helpers/cluster.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';

const SUPPORT = { user: 'support', password: 'imap-secret' };
const skip = !process.env.TEST_POSTGRES_URL ? 'TEST_POSTGRES_URL is not set (two nodes need a shared PostgreSQL)' : (dovecotMissing() ?? (await postgresUnavailable()));
if (skip) console.warn(`email multi-node test skipped: ${skip}`);

describe.skipIf(skip !== null)(`email on two nodes, one PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let shared: ClusterEnv;
  let dovecot: Dovecot;
  let db: pg.Client;
  const nodes: NodeProcess[] = [];
  const dirs: string[] = [];

  const start = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-node-'));
    dirs.push(dir);
    // No REDIS_URL: mailbox ownership must come from the database lease alone.
    const { REDIS_URL: _redis, ...env } = shared.env;
    const node = await startNode(nodes.length, { ...env, DATA_DIR: dir, REDIS_URL: '' });
    nodes.push(node);
    return node;
  };
  const q = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql.replaceAll('"S".', `"${shared.schema}".`), params)).rows as T[];
  const storedCount = async (externalId: string) => Number((await q<{ n: string }>('SELECT count(*) AS n FROM "S"."Message" WHERE "externalId" = $1', [externalId]))[0]!.n);
  const leaseOwners = (name: string) => q<{ owner: string }>('SELECT owner FROM "S"."Lease" WHERE name = $1 AND "expiresAt" > now()', [name]);

  beforeAll(async () => {
    shared = clusterEnv();
    dovecot = await startDovecot([SUPPORT]);
    db = new pg.Client({ connectionString: shared.databaseUrl.replace(/[?&]schema=[^&]*/, '') });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop('SIGTERM')));
    await db?.end().catch(() => undefined);
    await dovecot?.stop();
    await shared?.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('one watcher holds the mailbox; when its node stops the other takes over and every mail is stored once', async () => {
    const a = await start();
    const token = await login(a.url);
    const res = await api<{ id: string }>(a.url, 'POST', '/api/inboxes', { token, body: { channel: 'email', name: 'Shared mailbox', settings: emailSettings(dovecot, SUPPORT) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const lease = `email:${res.body.id}`;
    const statusOn = async (url: string) => (await api<{ state: string }>(url, 'GET', `/api/inboxes/${res.body.id}/status`, { token })).body.state;
    await until(async () => (await statusOn(a.url)) === 'connected', 30_000, 'node A watching');
    const [ownerA] = await leaseOwners(lease);

    // B starts with the mailbox already taken: it must stay out.
    const b = await start();
    const first = plainMail();
    await deliver(dovecot, SUPPORT, [first.raw]);
    await until(async () => (await storedCount(first.id)) === 1, 15_000, 'first mail stored');
    for (let i = 0; i < 5; i++) {
      expect(dovecot.sessions(SUPPORT.user), 'IMAP sessions while both nodes run').toBe(1);
      expect(await leaseOwners(lease)).toEqual([ownerA]);
      await new Promise((r) => setTimeout(r, 500));
    }

    // A stops (releases the lease); mail that arrives in the gap and after the takeover both land once.
    await a.stop('SIGTERM');
    const gap = plainMail();
    await deliver(dovecot, SUPPORT, [gap.raw]);
    await until(async () => (await storedCount(gap.id)) === 1, 45_000, 'mail from the gap stored by node B');
    const owners = await leaseOwners(lease);
    expect(owners).toHaveLength(1);
    expect(owners[0]!.owner).not.toBe(ownerA!.owner);
    const later = plainMail();
    await deliver(dovecot, SUPPORT, [later.raw]);
    await until(async () => (await storedCount(later.id)) === 1, 15_000, 'mail after the takeover');
    expect(dovecot.sessions(SUPPORT.user)).toBe(1);
    expect(await statusOn(b.url)).toBe('connected');
    await new Promise((r) => setTimeout(r, 1000)); // a second watcher would have stored a copy by now
    for (const m of [first, gap, later]) expect(await storedCount(m.id), m.id).toBe(1);
  }, 150_000);
});
