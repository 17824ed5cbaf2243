// The admin's outbound allow-list (Setting `security.outboundAllowList`, a JSON array): hosts or
// ranges the server may reach although they are not public (an on-premises webhook receiver).
// Read from the database on every check, so a change applies at once on every node.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { compileAllowList, type AllowList } from './address-policy.js';

export const ALLOW_LIST_KEY = 'security.outboundAllowList';

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const allowListEntry = z.string().trim().toLowerCase().max(253)
  .refine((v) => ipaddr.isValidCIDR(v) || ipaddr.isValid(v) || HOST.test(v), 'must be a host name (hooks.internal.example), an address (10.0.0.5) or a range (10.0.0.0/8)');

export const allowListBody = z.object({ allowList: z.array(allowListEntry).max(100) }).strict();

export async function readAllowList(db: Db): Promise<string[]> {
  const row = await db.setting.findUnique({ where: { key: ALLOW_LIST_KEY } });
  const parsed = z.array(z.string()).safeParse(row ? JSON.parse(row.value) : []);
  return parsed.success ? parsed.data : [];
}

export async function writeAllowList(db: Db, entries: string[]): Promise<string[]> {
  const value = JSON.stringify([...new Set(entries)]);
  await db.setting.upsert({ where: { key: ALLOW_LIST_KEY }, create: { key: ALLOW_LIST_KEY, value }, update: { value } });
  return readAllowList(db);
}

export async function loadAllowList(db: Db): Promise<AllowList> {
  return compileAllowList(await readAllowList(db));
}
