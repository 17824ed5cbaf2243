// Retrains the request classifier with the agents' corrections from the database: exports them to
// JSONL, then runs scripts/train-routing.ts --extra <file> (which writes model.json, or --out).
// Database: DATABASE_URL (postgres:// or file:), else SQLite under DATA_DIR (default ./data).
// Usage: npx tsx scripts/train-routing-db.ts [--jsonl corrections.jsonl] [--out model.json] [--export-only]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/client.js';
import { migrate } from '../server/db/migrate.js';
import { databaseTarget } from '../server/db/target.js';
import { REQUEST_TYPES } from '../server/routing/classifier/types.js';

const { values } = parseArgs({
  options: { jsonl: { type: 'string' }, out: { type: 'string' }, 'export-only': { type: 'boolean', default: false } },
});
const jsonlPath = path.resolve(values.jsonl ?? path.join(process.env.DATA_DIR?.trim() || './data', 'routing-corrections.jsonl'));

const target = databaseTarget(process.env);
await migrate(target);
const db = await openDatabase(target);
let lines: string[];
try {
  const rows = await db.routingCorrection.findMany({
    orderBy: { createdAt: 'asc' },
    select: { conversationId: true, text: true, correctedType: true, conversation: { select: { language: true } } },
  });
  // The latest correction of a conversation wins: agents may change their mind.
  const byConversation = new Map<string, (typeof rows)[number]>();
  for (const r of rows) byConversation.set(r.conversationId, r);
  lines = [...byConversation.values()]
    .filter((r) => r.text.trim() !== '' && (REQUEST_TYPES as readonly string[]).includes(r.correctedType))
    .map((r) => {
      const language = r.conversation.language === 'en' || r.conversation.language === 'zh' ? r.conversation.language : undefined;
      return JSON.stringify({ text: r.text.trim(), type: r.correctedType, ...(language ? { language } : {}) });
    });
  console.log(`${target.provider}: ${rows.length} corrections, ${lines.length} usable (latest per conversation, non-empty text)`);
} finally {
  await db.$disconnect();
}

mkdirSync(path.dirname(jsonlPath), { recursive: true });
writeFileSync(jsonlPath, lines.length ? lines.join('\n') + '\n' : '');
console.log(`wrote ${jsonlPath}`);
if (lines.length === 0) {
  console.log('no corrections to learn from; the model is unchanged');
  process.exit(0);
}
if (values['export-only']) process.exit(0);

const trainer = fileURLToPath(new URL('./train-routing.ts', import.meta.url));
const args = ['--import', 'tsx', trainer, '--extra', jsonlPath, ...(values.out ? ['--out', path.resolve(values.out)] : [])];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
