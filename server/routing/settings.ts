// Routing settings shared by every node, stored in the Setting table.
import type { Db } from '../db/client.js';

const TRIAGE_KEY = 'routing.triageThreshold';
/** Below this confidence a conversation goes to triage instead of a guess. */
export const DEFAULT_TRIAGE_THRESHOLD = 0.55;

export async function readTriageThreshold(db: Db): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: TRIAGE_KEY } });
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : DEFAULT_TRIAGE_THRESHOLD;
}

export async function writeTriageThreshold(db: Db, value: number): Promise<void> {
  await db.setting.upsert({ where: { key: TRIAGE_KEY }, create: { key: TRIAGE_KEY, value: String(value) }, update: { value: String(value) } });
}
