// A year of console data for the list benchmark, on SQLite or PostgreSQL through the real schema:
// conversations mostly resolved, uneven channels and teams, 40 agents, ~5 messages each, plus one
// conversation of 5,000 messages. Deterministic; batched inserts (prepared statements in big
// transactions on SQLite, unnest() arrays on PostgreSQL); a progress bar on stderr.
import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../../server/db/migrate.js';
import type { DatabaseTarget } from '../../server/db/target.js';

const DAY = 86_400_000;
const CHANNELS: [string, number][] = [['webchat', 0.4], ['email', 0.25], ['sms', 0.1], ['whatsapp', 0.1], ['voice', 0.1], ['slack', 0.05]];
const STATUSES: [string, number][] = [['resolved', 0.9], ['open', 0.05], ['pending', 0.03], ['snoozed', 0.02]];
const TYPES = ['sales', 'support', 'complaint', 'billing'];
export const LONG_CONVERSATION = 'bl-long';
export const LONG_MESSAGES = 5_000;

type Table = { name: string; columns: string[]; pgTypes: string[]; rows: unknown[][] };

function pick(x: number, weights: [string, number][]): string {
  for (const [v, w] of weights) if ((x -= w) < 0) return v;
  return weights[weights.length - 1]![0];
}

function progress(done: number, total: number, started: number): void {
  const bar = '#'.repeat(Math.round((done / total) * 30)).padEnd(30, '.');
  process.stderr.write(`\rseeding [${bar}] ${done}/${total} conversations ${Math.round(done / Math.max(0.001, (Date.now() - started) / 1000))}/s   `);
  if (done >= total) process.stderr.write('\n');
}

/** Batches of rows for `conversations` conversations (and their customers and messages), newest last. */
function* batches(conversations: number, now: number, iso: (ms: number) => string): Generator<Table[]> {
  let s = 19;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t = iso(now);
  const teams = TYPES.map((k) => `bl-team-${k}`);
  const agents = Array.from({ length: 40 }, (_, i) => `bl-agent-${i}`);
  yield [
    { name: 'Team', columns: ['id', 'key', 'name', 'createdAt', 'updatedAt'], pgTypes: ['text', 'text', 'text', 'timestamp(3)', 'timestamp(3)'], rows: teams.map((id) => [id, id, id, t, t]) },
    { name: 'User', columns: ['id', 'email', 'name', 'passwordHash', 'createdAt', 'updatedAt'], pgTypes: ['text', 'text', 'text', 'text', 'timestamp(3)', 'timestamp(3)'], rows: agents.map((id) => [id, `${id}@bench.test`, id, 'x', t, t]) },
    { name: 'Inbox', columns: ['id', 'channel', 'name', 'publicToken', 'createdAt', 'updatedAt'], pgTypes: ['text', 'text', 'text', 'text', 'timestamp(3)', 'timestamp(3)'], rows: CHANNELS.map(([ch]) => [`bl-inbox-${ch}`, ch, ch, `bl-${ch}`, t, t]) },
  ];
  const customers = Math.max(1, Math.floor(conversations / 4));
  const BATCH = 5_000;
  const customerColumns = { name: 'Customer', columns: ['id', 'name', 'email', 'createdAt', 'updatedAt'], pgTypes: ['text', 'text', 'text', 'timestamp(3)', 'timestamp(3)'] };
  for (let start = 0; start < customers; start += BATCH) {
    const at = (i: number) => iso(now - Math.floor(((customers - i) / customers) * 365 * DAY));
    yield [{ ...customerColumns, rows: Array.from({ length: Math.min(BATCH, customers - start) }, (_, k) => [`bl-cu${start + k}`, `Customer ${start + k}`, `c${start + k}@bench.test`, at(start + k), at(start + k)]) }];
  }
  for (let start = 0; start < conversations; start += BATCH) {
    const conv: unknown[][] = [], msg: unknown[][] = [];
    for (let i = start; i < Math.min(conversations, start + BATCH); i++) {
      const at = now - Math.floor(((conversations - i) / conversations) * 365 * DAY);
      const ch = pick(r(), CHANNELS), status = pick(r(), STATUSES), type = TYPES[Math.floor(r() * 4)]!;
      const unassigned = status !== 'resolved' && r() < 0.4;
      const id = i === conversations - 1 ? LONG_CONVERSATION : `bl${i}`;
      conv.push([id, `bl-inbox-${ch}`, `bl-cu${Math.floor(r() * customers)}`, ch, status, type, Math.floor(r() * 4), teams[TYPES.indexOf(type)]!, unassigned ? null : agents[Math.floor(r() * 40)]!, iso(at), iso(at - 3_600_000), iso(at)]);
      const n = id === LONG_CONVERSATION ? LONG_MESSAGES : 5;
      for (let k = 0; k < n; k++) msg.push([id, `bl-inbox-${ch}`, k % 2 ? 'out' : 'in', k % 2 ? 'agent' : 'customer', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit', iso(at - (n - k) * 1000)]);
    }
    yield [
      { name: 'Conversation', columns: ['id', 'inboxId', 'customerId', 'channel', 'status', 'type', 'priority', 'teamId', 'assigneeId', 'lastMessageAt', 'createdAt', 'updatedAt'], pgTypes: ['text', 'text', 'text', 'text', 'text', 'text', 'int', 'text', 'text', 'timestamp(3)', 'timestamp(3)', 'timestamp(3)'], rows: conv },
      { name: 'Message', columns: ['conversationId', 'inboxId', 'direction', 'authorKind', 'body', 'createdAt'], pgTypes: ['text', 'text', 'text', 'text', 'text', 'timestamp(3)'], rows: msg },
    ];
  }
}

const cols = (t: Table) => t.columns.map((c) => `"${c}"`).join(',');

/** Seeds unless the database already holds `conversations` bench conversations; returns the counts. */
export async function seedLists(target: DatabaseTarget, conversations: number, now = Date.now()): Promise<{ conversations: number; messages: number; seeded: boolean }> {
  await migrate(target);
  const started = Date.now();
  if (target.provider === 'sqlite') {
    const db = new Database(path.resolve(target.file));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const count = () => ({ conversations: (db.prepare('SELECT COUNT(*) AS n FROM "Conversation"').get() as { n: number }).n, messages: (db.prepare('SELECT COUNT(*) AS n FROM "Message"').get() as { n: number }).n });
    const have = count();
    if (have.conversations >= conversations) return db.close(), { ...have, seeded: false };
    let done = 0;
    for (const tables of batches(conversations, now, (ms) => new Date(ms).toISOString().replace('Z', '+00:00'))) {
      db.transaction(() => {
        for (const t of tables) {
          const ins = db.prepare(`INSERT INTO "${t.name}" (${cols(t)}) VALUES (${t.columns.map(() => '?').join(',')})`);
          for (const row of t.rows) ins.run(...row);
        }
      })();
      done += tables.find((t) => t.name === 'Conversation')?.rows.length ?? 0;
      if (done) progress(done, conversations, started);
    }
    db.exec('ANALYZE');
    const out = count();
    db.close();
    return { ...out, seeded: true };
  }
  const client = new pg.Client({ connectionString: target.url, options: `-c search_path=${target.schema}` });
  await client.connect();
  const count = async () => {
    const { rows } = await client.query<{ c: string; m: string }>('SELECT (SELECT COUNT(*) FROM "Conversation") AS c, (SELECT COUNT(*) FROM "Message") AS m');
    return { conversations: Number(rows[0]!.c), messages: Number(rows[0]!.m) };
  };
  const have = await count();
  if (have.conversations >= conversations) return await client.end(), { ...have, seeded: false };
  let done = 0;
  for (const tables of batches(conversations, now, (ms) => new Date(ms).toISOString())) {
    await client.query('BEGIN');
    for (const t of tables) {
      if (!t.rows.length) continue;
      const arrays = t.columns.map((_, c) => t.rows.map((row) => row[c]));
      await client.query(`INSERT INTO "${t.name}" (${cols(t)}) SELECT * FROM unnest(${t.pgTypes.map((ty, k) => `$${k + 1}::${ty}[]`).join(',')})`, arrays);
    }
    await client.query('COMMIT');
    done += tables.find((t) => t.name === 'Conversation')?.rows.length ?? 0;
    if (done) progress(done, conversations, started);
  }
  await client.query('ANALYZE');
  const out = await count();
  await client.end();
  return { ...out, seeded: true };
}
