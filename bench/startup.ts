// `npm run bench:startup`: start-up time with a large knowledge base on SQLite. Starts the built
// server once (migrations, bootstrap), stops it, writes STARTUP_ARTICLES (5000) published articles
// straight into its database, then starts it STARTUP_ROUNDS (3) times and measures, from spawn:
// the first 200 from /api/health, and the first search that finds an article (the index is built).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seededRandom } from './random.js';

const ARTICLES = Number(process.env.STARTUP_ARTICLES ?? 5000);
const ROUNDS = Math.max(1, Number(process.env.STARTUP_ROUNDS ?? 3));
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };
const WORDS = 'refund invoice password shipping parcel account login billing order delivery upgrade plan cancel subscription error crash install update export import report team agent customer widget email phone message'.split(' ');

interface Started { healthMs: number; searchMs: number; stop(): Promise<void> }

async function poll(until: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await until().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function start(dataDir: string, port: number, search = true): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/server/main.mjs'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await poll(async () => (await fetch(`${url}/api/health`)).status === 200);
  const healthMs = performance.now() - t0;
  const { token } = !search ? { token: '' } : (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as { token: string };
  if (search) await poll(async () => ((await (await fetch(`${url}/api/kb/search?q=refund&limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { hits: unknown[] }).hits.length > 0);
  const searchMs = performance.now() - t0;
  return {
    healthMs, searchMs,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function seedArticles(file: string, n: number): void {
  const db = new Database(file);
  const random = seededRandom(19);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const sentence = (k: number) => Array.from({ length: k }, pick).join(' ');
  const at = new Date().toISOString().replace('Z', '+00:00');
  const insert = db.prepare(`INSERT INTO "Article" ("id", "title", "body", "tags", "language", "status", "version", "publishedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, '[]', 'en', 'published', 1, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(`bench${i.toString(36).padStart(6, '0')}`, `${sentence(5)} ${i}`, Array.from({ length: 12 }, () => sentence(15) + '.').join('\n\n'), at, at, at);
  })();
  db.close();
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-startup-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  try {
    await (await start(dataDir, port, false)).stop();
    seedArticles(path.join(dataDir, 'switchboard.db'), ARTICLES);
    const runs: Started[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const s = await start(dataDir, port);
      await s.stop();
      runs.push(s);
    }
    const ms = (v: number) => Math.round(v);
    console.log(`\nStart-up, SQLite, ${ARTICLES} published articles, ${ROUNDS} starts, ${new Date().toISOString()}`);
    console.log('| start | to healthy ms | to first search hit ms |');
    console.log('|---|---|---|');
    runs.forEach((r, i) => console.log(`| ${i + 1} | ${ms(r.healthMs)} | ${ms(r.searchMs)} |`));
    console.log(JSON.stringify({ startup: { articles: ARTICLES, healthMs: runs.map((r) => ms(r.healthMs)), searchMs: runs.map((r) => ms(r.searchMs)) } }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
