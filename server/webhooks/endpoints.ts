// Webhook endpoints, one Setting row each (`webhook:<id>`), so concurrent registrations never
// overwrite one another. The secret is stored for signing and shown to the admin only at creation.
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Prisma } from '../db/client.js';
import { AppError } from '../errors.js';
import { checkUrl, OutboundRefused } from '../net/address-policy.js';
import { loadAllowList } from '../net/allow-list.js';

export const WEBHOOK_EVENTS = ['conversation.created', 'conversation.resolved', 'customer.updated', 'lead.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  enabled: boolean;
  createdAt: string;
}

const PREFIX = 'webhook:';

export const endpointCreate = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
}).strict();

export const endpointPatch = z.object({ url: endpointCreate.shape.url.optional(), events: endpointCreate.shape.events.optional(), enabled: z.boolean().optional() })
  .strict().refine((v) => Object.keys(v).length > 0, 'send at least one field');

/** Without the secret: what lists and reads return. */
export function endpointView(e: WebhookEndpoint) {
  const { secret: _secret, ...rest } = e;
  return rest;
}

/** 400 URL_NOT_ALLOWED naming url unless every address the host resolves to may be reached (address-policy.ts). */
async function checkEndpointUrl(db: Db, url: string): Promise<void> {
  try {
    await checkUrl(new URL(url), await loadAllowList(db));
  } catch (err) {
    if (err instanceof OutboundRefused) throw new AppError('URL_NOT_ALLOWED', `url: ${err.message}`, 'url');
    throw err;
  }
}

export async function createEndpoint(db: Db, input: z.infer<typeof endpointCreate>): Promise<WebhookEndpoint> {
  await checkEndpointUrl(db, input.url);
  const endpoint: WebhookEndpoint = {
    id: randomUUID(), url: input.url, events: [...new Set(input.events)], secret: input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
    enabled: true, createdAt: new Date().toISOString(),
  };
  await db.setting.create({ data: { key: PREFIX + endpoint.id, value: JSON.stringify(endpoint) } });
  return endpoint;
}

export async function getEndpoint(db: Db, id: string): Promise<WebhookEndpoint | null> {
  const row = await db.setting.findUnique({ where: { key: PREFIX + id } });
  return row ? (JSON.parse(row.value) as WebhookEndpoint) : null;
}

/** Takes a transaction too, so deliveries can be enqueued with the change that caused them. */
export async function listEndpoints(db: Db | Prisma.TransactionClient): Promise<WebhookEndpoint[]> {
  const rows = await db.setting.findMany({ where: { key: { startsWith: PREFIX } } });
  return rows.map((r) => JSON.parse(r.value) as WebhookEndpoint).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function updateEndpoint(db: Db, id: string, patch: z.infer<typeof endpointPatch>): Promise<WebhookEndpoint | null> {
  if (patch.url) await checkEndpointUrl(db, patch.url);
  return db.$transaction(async (tx) => {
    const row = await tx.setting.findUnique({ where: { key: PREFIX + id } });
    if (!row) return null;
    const next: WebhookEndpoint = { ...(JSON.parse(row.value) as WebhookEndpoint), ...patch };
    await tx.setting.update({ where: { key: PREFIX + id }, data: { value: JSON.stringify(next) } });
    return next;
  });
}

export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
  return (await db.setting.deleteMany({ where: { key: PREFIX + id } })).count === 1;
}
