// Email ingest benchmark: 1,000 mails appended to a real Dovecot, timed from the append (which
// triggers the IDLE notification) to the stored message event. Prints a table and a JSON line.
// Several IMAP connections append at once (Dovecot fsyncs every append, so one connection alone
// is slower than ingest and would measure the load generator, not the watcher).
// Options (env): EMAIL_BENCH_N (1000), EMAIL_BENCH_DB (sqlite | postgres), EMAIL_BENCH_APPENDERS (4).
import { ImapFlow } from 'imapflow';
import { createEmailAdapter } from '../channels/email/adapter.js';
import { defaultAdapters } from '../channels/registry.js';
import { dovecotMissing, startDovecot } from '../tests/helpers/dovecot.js';
import { startTestServer } from '../tests/helpers/server.js';

const N = Number(process.env.EMAIL_BENCH_N ?? 1000);
const DB = (process.env.EMAIL_BENCH_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const APPENDERS = Math.max(1, Number(process.env.EMAIL_BENCH_APPENDERS ?? 4));

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const missing = dovecotMissing();
  if (missing) { console.log(`skipped: ${missing}`); return; }
  const dovecot = await startDovecot([{ user: 'bench', password: 'bench-pw' }]);
  const server = await startTestServer(DB, {}, { adapters: { ...defaultAdapters(), email: createEmailAdapter({ rescanMs: 100 }) } });
  try {
    const token = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token, body: { channel: 'email', name: 'Bench', settings: {
      address: 'support@bench.test', imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'bench' }, imapPassword: 'bench-pw',
      smtp: { host: '127.0.0.1', port: 1, secure: false } } } });
    const appendedAt = new Map<string, number>();
    const latencies: number[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => { done = r; });
    // Stored = the ingest transaction committed and message.created was emitted.
    server.app.ctx.bus.on('message.created', async ({ messageId }) => {
      const m = await server.app.ctx.db.message.findUnique({ where: { id: messageId }, select: { externalId: true } });
      const t0 = m?.externalId ? appendedAt.get(m.externalId) : undefined;
      if (t0 === undefined) return;
      latencies.push(performance.now() - t0);
      if (latencies.length === N) done();
    });
    const connect = async () => {
      const c = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'bench', pass: 'bench-pw' }, logger: false });
      await c.connect();
      return c;
    };
    const clients = await Promise.all(Array.from({ length: APPENDERS }, connect));
    await new Promise((r) => setTimeout(r, 1500)); // let the watcher take its lease and enter IDLE
    const start = performance.now();
    // Each connection appends its share in order; together they keep the mailbox ahead of ingest.
    await Promise.all(clients.map(async (imap, k) => {
      for (let i = k; i < N; i += APPENDERS) {
        const id = `<bench-${i}-${Date.now()}@bench.example>`;
        const raw = `From: customer${i % 200}@bench.example\r\nTo: support@bench.test\r\nSubject: Order ${i}\r\nMessage-ID: ${id}\r\n\r\nHello, question number ${i}.\r\n`;
        appendedAt.set(id, performance.now());
        await imap.append('INBOX', raw);
      }
    }));
    const appendMs = performance.now() - start;
    await Promise.race([finished, new Promise((_, rej) => setTimeout(() => rej(new Error(`only ${latencies.length}/${N} stored in 300 s`)), 300_000))]);
    const totalMs = performance.now() - start;
    await Promise.all(clients.map((c) => c.logout()));
    latencies.sort((a, b) => a - b);
    const result = { bench: 'email-ingest', db: DB, messages: N, p50_ms: +pct(latencies, 50).toFixed(1), p99_ms: +pct(latencies, 99).toFixed(1), max_ms: +latencies[latencies.length - 1]!.toFixed(1), throughput_per_s: +((N / totalMs) * 1000).toFixed(1), appended_per_s: +((N / appendMs) * 1000).toFixed(1), appenders: APPENDERS, inbox: res.body.id };
    console.log('| db | messages | p50 ms | p99 ms | max ms | stored msgs/s | appended msgs/s |\n|---|---|---|---|---|---|---|');
    console.log(`| ${result.db} | ${N} | ${result.p50_ms} | ${result.p99_ms} | ${result.max_ms} | ${result.throughput_per_s} | ${result.appended_per_s} |`);
    console.log(JSON.stringify(result));
  } finally {
    await server.close();
    await dovecot.stop();
  }
}


main().catch((err) => { console.error(err); process.exitCode = 1; });
