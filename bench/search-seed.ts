// A self-contained year of conversations for bench/search.ts: customers with names, emails and
// phones, conversations over 365 days, and messages of realistic support text in English and
// Chinese, written through the product's migrations and search triggers on a raw connection.
import Database from 'better-sqlite3';
import path from 'node:path';
import { migrate } from '../server/db/migrate.js';
import { registerSearchFunctions } from '../server/db/sqlite-search-functions.js';
import { databaseTarget } from '../server/db/target.js';
import { seededRandom } from './random.js';

const DAY = 86_400_000;
const CHANNELS = ['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack'] as const;
const STATUSES = ['resolved', 'resolved', 'resolved', 'open', 'pending', 'snoozed'] as const;
const FIRST = ['Ada', 'Grace', 'Linus', 'Mei', 'Wei', 'Jonas', 'Sofia', 'Omar', 'Priya', 'Lucas', 'Hana', 'Noah', 'Elena', 'Kenji', 'Fatima', 'Liam', 'Chen', 'Olga', 'Mateo', 'Aisha'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Nakamura', 'Zhang', 'Müller', 'Rossi', 'Haddad', 'Sharma', 'Silva', 'Kim', 'Novak', 'Garcia', 'Tanaka', 'Okafor', 'Jensen', 'Li', 'Petrov', 'Dubois', 'Wang'];
const PRODUCTS = ['headphones', 'router', 'laptop stand', 'coffee grinder', 'desk lamp', 'keyboard', 'monitor', 'backpack', 'smart watch', 'printer'];
const EN_CUSTOMER = [
  'Hi, my order #{order} has not arrived yet, can you check the tracking?',
  'I want a refund for the {product}, it stopped working after two days',
  'The {product} arrived damaged, the box was crushed',
  'How much does the premium plan cost for a team of {n}?',
  'I was charged twice for invoice {order}, please fix my billing',
  'Can I change the delivery address for order {order}?',
  'Your support is terrible, I have waited {n} days for an answer',
  'Does the {product} work with a Mac? The manual does not say',
  'My password reset email never arrives',
  'Thanks, that solved it!',
];
const EN_AGENT = [
  'Thanks for reaching out! I have checked order {order}: it ships tomorrow.',
  'I am sorry about the {product}. I have started a refund, you will see it in 3-5 days.',
  'Could you send a photo of the damaged {product}?',
  'The premium plan is {n} euros per seat per month, billed yearly.',
  'I have corrected invoice {order}; the double charge is reversed.',
  'I have escalated this to our shipping partner.',
];
const ZH = ['你好，我要退款，{product}坏了', '我的订单{order}还没到', '发票重复扣费了，请帮我处理', '请问高级版多少钱？', '快递把包裹弄坏了', '谢谢，问题解决了'];
const NOTES = ['Customer is a VIP, handle with care', 'Refund approved by supervisor for order {order}', 'Suspected fraud, check the payment before shipping'];

export interface SearchSeed { file: string; conversations: number; messages: number; customers: number }

export async function seedSearch(dataDir: string, messages = 1_000_000, now = Date.now()): Promise<SearchSeed> {
  const target = databaseTarget({ DATA_DIR: dataDir });
  if (target.provider !== 'sqlite') throw new Error('bench:search seeds SQLite');
  await migrate(target);
  const db = new Database(path.resolve(target.file));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  registerSearchFunctions(db);
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  const conversations = Math.ceil(messages / 5);
  const customers = Math.ceil(conversations / 4);
  if (count('Message') >= messages) {
    const seeded = { file: target.file, conversations: count('Conversation'), messages: count('Message'), customers: count('Customer') };
    db.close();
    return seeded;
  }
  db.exec('DELETE FROM "Message"; DELETE FROM "Conversation"; DELETE FROM "Customer"; DELETE FROM "Inbox" WHERE "publicToken" LIKE \'bench-%\';');
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00'); // the adapter's stored format
  const rnd = seededRandom(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const fill = (t: string) => t.replace('{order}', String(100000 + Math.floor(rnd() * 900000))).replace('{product}', pick(PRODUCTS)).replace('{n}', String(2 + Math.floor(rnd() * 40)));
  const t = iso(now);
  const insInbox = db.prepare('INSERT INTO "Inbox" ("id","channel","name","publicToken","createdAt","updatedAt") VALUES (?,?,?,?,?,?)');
  for (const ch of CHANNELS) insInbox.run(`bench-inbox-${ch}`, ch, ch, `bench-${ch}`, t, t);
  const insCustomer = db.prepare('INSERT INTO "Customer" ("id","name","email","phone","createdAt","updatedAt") VALUES (?,?,?,?,?,?)');
  const insConv = db.prepare('INSERT INTO "Conversation" ("id","inboxId","customerId","channel","status","lastMessageAt","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?)');
  const insMsg = db.prepare('INSERT INTO "Message" ("conversationId","inboxId","direction","authorKind","body","private","deliveryStatus","createdAt") VALUES (?,?,?,?,?,?,?,?)');
  const started = Date.now();
  db.transaction(() => {
    for (let i = 0; i < customers; i++) {
      const first = pick(FIRST), last = pick(LAST);
      insCustomer.run(`bsc${i}`, `${first} ${last}`, `${first}.${last}${i}@example.com`.toLowerCase(), `+4915${String(10_000_000 + i * 7919).slice(0, 8)}`, t, t);
    }
  })();
  // Conversations oldest first, so message ids grow with time as they do in production.
  const BATCH = 10_000;
  let written = 0;
  for (let start = 0; start < conversations; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(conversations, start + BATCH); i++) {
        const ch = CHANNELS[i % CHANNELS.length]!;
        const opened = now - 365 * DAY + Math.floor((i / conversations) * 365 * DAY);
        const zh = rnd() < 0.15;
        const times: number[] = [];
        for (let k = 0, at = opened; k < 5 && written + k < messages; k++) times.push((at += 60_000 + Math.floor(rnd() * 600_000)));
        insConv.run(`bs${i}`, `bench-inbox-${ch}`, `bsc${i % customers}`, ch, pick(STATUSES), iso(times.at(-1) ?? opened), iso(opened), iso(times.at(-1) ?? opened));
        times.forEach((at, k) => {
          const note = k === 2 && rnd() < 0.1;
          const body = fill(note ? pick(NOTES) : zh ? pick(ZH) : k % 2 ? pick(EN_AGENT) : pick(EN_CUSTOMER));
          insMsg.run(`bs${i}`, `bench-inbox-${ch}`, k % 2 || note ? 'out' : 'in', k % 2 || note ? 'agent' : 'customer', body, note ? 1 : 0, 'delivered', iso(at));
        });
        written += times.length;
      }
    })();
    const pct = Math.min(1, written / messages);
    process.stderr.write(`\rseeding [${'#'.repeat(Math.round(pct * 30)).padEnd(30, '.')}] ${(pct * 100).toFixed(1)}% ${written}/${messages} ${Math.round(written / Math.max(0.001, (Date.now() - started) / 1000))}/s   `);
  }
  process.stderr.write('\n');
  db.exec('ANALYZE');
  db.close();
  return { file: target.file, conversations, messages: written, customers };
}
