// Knowledge-base settings shared by every node, stored in the Setting table.
import type { Db } from '../db/client.js';

export const REQUIRE_REVIEW_KEY = 'kb.requireReview';

export interface KbSettings {
  /** When true (the default), publishing goes draft -> in_review -> published. */
  requireReview: boolean;
}

export async function getKbSettings(db: Db): Promise<KbSettings> {
  const row = await db.setting.findUnique({ where: { key: REQUIRE_REVIEW_KEY } });
  return { requireReview: row?.value !== 'false' };
}

export async function setKbSettings(db: Db, settings: KbSettings): Promise<KbSettings> {
  const value = String(settings.requireReview);
  await db.setting.upsert({ where: { key: REQUIRE_REVIEW_KEY }, create: { key: REQUIRE_REVIEW_KEY, value }, update: { value } });
  return getKbSettings(db);
}
