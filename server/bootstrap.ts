// First start on an empty database: the signing secret, default teams, SLA policies, a web chat
// inbox and the first admin (from ADMIN_EMAIL/ADMIN_PASSWORD, or generated and printed once).
import { randomBytes } from 'node:crypto';
import { generatePassword, hashPassword } from './auth/password.js';
import { newIdentitySecret } from './customers/identity.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { isUniqueViolation } from './db/client.js';
import type { Logger } from './log.js';

export const DEFAULT_TEAMS = [
  { key: 'sales', name: 'Sales' },
  { key: 'support', name: 'Tech Support' },
  { key: 'care', name: 'Customer Care' },
  { key: 'finance', name: 'Finance' },
  { key: 'triage', name: 'Triage' },
] as const;

// Per priority (0 low .. 3 urgent): first response, next response, resolution, in seconds.
const DEFAULT_SLAS = [
  { priority: 0, firstResponseSec: 8 * 3600, nextResponseSec: 8 * 3600, resolutionSec: 5 * 86400 },
  { priority: 1, firstResponseSec: 3600, nextResponseSec: 4 * 3600, resolutionSec: 2 * 86400 },
  { priority: 2, firstResponseSec: 900, nextResponseSec: 3600, resolutionSec: 86400 },
  { priority: 3, firstResponseSec: 300, nextResponseSec: 900, resolutionSec: 4 * 3600 },
];

/** Idempotent and safe when several nodes start at once (unique keys decide the winner). */
async function createOnce(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

export async function ensureSecret(db: Db, config: Config): Promise<string> {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  await createOnce(() => db.setting.create({ data: { key: 'secret', value: randomBytes(32).toString('base64url') } }));
  return (await db.setting.findUniqueOrThrow({ where: { key: 'secret' } })).value;
}

export async function bootstrap(db: Db, config: Config, log: Logger, print: (text: string) => void): Promise<void> {
  for (const team of DEFAULT_TEAMS) {
    if (!(await db.team.findUnique({ where: { key: team.key } }))) await createOnce(() => db.team.create({ data: team }));
  }
  for (const sla of DEFAULT_SLAS) {
    if (!(await db.slaPolicy.findUnique({ where: { priority: sla.priority } }))) await createOnce(() => db.slaPolicy.create({ data: sla }));
  }
  if (config.WEBCHAT_ENABLED && (await db.inbox.count({ where: { channel: 'webchat' } })) === 0) {
    await createOnce(() => db.inbox.create({ data: { channel: 'webchat', name: 'Website', publicToken: 'web_' + randomBytes(12).toString('base64url'), settings: { identitySecret: newIdentitySecret() } } }));
  }
  if ((await db.user.count({ where: { role: 'admin' } })) > 0) return;
  const email = config.ADMIN_EMAIL ?? 'admin@localhost';
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  const teams = await db.team.findMany({ select: { id: true } });
  let created = false;
  await createOnce(async () => {
    await db.user.create({
      data: { email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password), teams: { create: teams.map((t) => ({ teamId: t.id })) } },
    });
    created = true;
  });
  if (!created) return;
  log.info({ email }, 'first admin created');
  // Printed once, on the first start only: the database keeps only the hash.
  if (!config.ADMIN_PASSWORD) print(`\n  First admin created. Sign in at /console with\n    email:    ${email}\n    password: ${password}\n  This password is shown only once.\n`);
}
