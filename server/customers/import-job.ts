// Background CSV import of purchases in batches. Progress lives in the Setting table, so any node
// can answer GET /api/purchases/import/:jobId; re-importing the same file inserts nothing new.
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import type { Logger } from '../log.js';
import { CsvError, parseCsv, type CsvRecord } from './csv.js';
import { mapHeader, toRow, type ImportRow, type RowError } from './import-rows.js';
import { matchCustomerRetrying } from './purchases.js';

export interface ImportProgress {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  processed: number;
  total: number;
  inserted: number;
  skipped: number;
  /** The first 100 bad lines; errorCount has them all. */
  errors: RowError[];
  errorCount: number;
  startedAt: string;
  finishedAt: string | null;
}

const KEY = (jobId: string) => `purchase-import:${jobId}`;
const MAX_ERRORS = 100;
export const BATCH_SIZE = 500;

export async function readImport(db: Db, jobId: string): Promise<ImportProgress | null> {
  const row = await db.setting.findUnique({ where: { key: KEY(jobId) } });
  return row ? (JSON.parse(row.value) as ImportProgress) : null;
}

/** Parses the header now (a bad header is a 400), then imports the rows in the background. */
export async function startImport(db: Db, log: Logger, csv: string): Promise<ImportProgress> {
  const records: CsvRecord[] = [];
  let fatal: RowError | null = null;
  try {
    for (const r of parseCsv(csv)) records.push(r);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    fatal = { line: err.line, field: 'csv', message: err.message };
  }
  const [header, ...rows] = records;
  const mapped = header ? mapHeader(header.fields) : { columns: {}, error: 'the file is empty' };
  const progress: ImportProgress = {
    jobId: randomUUID(), status: 'running', processed: 0, total: rows.length, inserted: 0, skipped: 0,
    errors: [], errorCount: 0, startedAt: new Date().toISOString(), finishedAt: null,
  };
  if (mapped.error) return { ...progress, status: 'failed', errors: [{ line: 1, field: 'header', message: mapped.error }], errorCount: 1 };
  await save(db, progress);
  void run(db, rows, mapped.columns, progress, fatal).catch(async (err) => {
    log.error({ err, jobId: progress.jobId }, 'purchase import failed');
    await save(db, { ...progress, status: 'failed', finishedAt: new Date().toISOString() }).catch(() => undefined);
  });
  return progress;
}

async function run(db: Db, records: CsvRecord[], columns: ReturnType<typeof mapHeader>['columns'], p: ImportProgress, fatal: RowError | null): Promise<void> {
  const seen = new Set<string>();
  const customers = new Map<string, string>();
  const fail = (e: RowError) => {
    p.errorCount++;
    if (p.errors.length < MAX_ERRORS) p.errors.push(e);
  };
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    const good: ImportRow[] = [];
    for (const rec of records.slice(start, start + BATCH_SIZE)) {
      const row = rec.error ? { line: rec.line, field: 'csv', message: rec.error } : toRow(rec, columns);
      if (!('orderNumber' in row)) fail(row);
      else if (seen.has(row.orderNumber)) p.skipped++; // repeated inside the file: the first wins
      else {
        seen.add(row.orderNumber);
        good.push(row);
      }
    }
    const existing = new Set((await db.purchase.findMany({ where: { orderNumber: { in: good.map((r) => r.orderNumber) } }, select: { orderNumber: true } })).map((r) => r.orderNumber));
    const fresh = good.filter((r) => !existing.has(r.orderNumber));
    p.skipped += good.length - fresh.length;
    const data: Prisma.PurchaseCreateManyInput[] = [];
    for (const r of fresh) {
      const key = `${r.email?.toLowerCase() ?? ''}|${r.phone ?? ''}`;
      let customerId = customers.get(key);
      if (!customerId) customers.set(key, (customerId = await matchCustomerRetrying(db, { email: r.email, phone: r.phone, name: r.name })));
      data.push({ customerId, orderNumber: r.orderNumber, amountCents: r.amountCents, currency: r.currency, purchasedAt: r.purchasedAt, items: r.items });
    }
    const inserted = await insert(db, data);
    p.inserted += inserted;
    p.skipped += data.length - inserted;
    p.processed = Math.min(records.length, start + BATCH_SIZE);
    await save(db, p);
    // Yield between batches so the server keeps answering while a large file imports.
    await new Promise((r) => setImmediate(r));
  }
  if (fatal) fail(fatal);
  p.processed = records.length;
  p.status = 'done';
  p.finishedAt = new Date().toISOString();
  await save(db, p);
}

/** createMany for speed; if another import raced us to some order numbers, row by row. */
async function insert(db: Db, data: Prisma.PurchaseCreateManyInput[]): Promise<number> {
  if (!data.length) return 0;
  try {
    return (await db.purchase.createMany({ data })).count;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  let count = 0;
  for (const row of data) {
    try {
      await db.purchase.create({ data: row });
      count++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return count;
}

async function save(db: Db, p: ImportProgress): Promise<void> {
  const value = JSON.stringify(p);
  await db.setting.upsert({ where: { key: KEY(p.jobId) }, create: { key: KEY(p.jobId), value }, update: { value } });
}
