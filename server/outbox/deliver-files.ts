// The files of an outbound message: the ones the channel carries itself, the ones it cannot (too
// large, a type it refuses) as signed links in the text, and each file's own delivery status.
import type { ChannelCapabilities, OutboundAttachment } from '../../channels/types.js';
import { PermanentDeliveryError } from '../../channels/types.js';
import type { Db } from '../db/client.js';
import type { AttachmentService } from '../attachments/service.js';
import type { AttachmentSigner } from '../attachments/signed-url.js';
import { typeAllowed } from '../attachments/limits.js';
import { truncate } from '../text.js';

export interface FileDeps { files: AttachmentService; links: AttachmentSigner }

type Row = { id: string; filename: string; contentType: string; size: number; storageKey: string };

export interface PlannedFiles {
  carried: OutboundAttachment[];
  /** Appended to the text: one line per file sent as a link. */
  linkText: string;
  linked: string[];
}

function carries(caps: ChannelCapabilities, row: Row): boolean {
  if (caps.maxFileBytes !== undefined && row.size > caps.maxFileBytes) return false;
  return !caps.fileTypes || typeAllowed({ maxBytes: Infinity, types: caps.fileTypes }, row.contentType);
}

export function planFiles(deps: FileDeps, caps: ChannelCapabilities, rows: Row[]): PlannedFiles {
  const carried: OutboundAttachment[] = [];
  const lines: string[] = [];
  const linked: string[] = [];
  for (const row of rows) {
    const url = deps.links.url(row.id);
    if (carries(caps, row)) {
      carried.push({ id: row.id, filename: row.filename, contentType: row.contentType, size: row.size, url, read: () => deps.files.read(row.storageKey) });
      continue;
    }
    // Retrying cannot make a link without a public address: the failure names the setting.
    if (!url) throw new PermanentDeliveryError(`${row.filename} needs a download link, and PUBLIC_URL is not set`);
    lines.push(`${row.filename}: ${url}`);
    linked.push(row.id);
  }
  return { carried, linkText: lines.join('\n'), linked };
}

/** After the send: carried files are sent, linked ones linked. */
export async function recordFilesSent(db: Db, messageId: number, linked: string[]): Promise<void> {
  await db.attachment.updateMany({ where: { messageId, id: { notIn: linked } }, data: { deliveryStatus: 'sent', deliveryError: null } });
  if (linked.length) await db.attachment.updateMany({ where: { messageId, id: { in: linked } }, data: { deliveryStatus: 'linked', deliveryError: null } });
}

/** The message gave up: its files did not reach the customer either. */
export async function recordFilesFailed(db: Db, messageId: number, reason: string): Promise<void> {
  await db.attachment.updateMany({ where: { messageId, deliveryStatus: { not: null } }, data: { deliveryStatus: 'failed', deliveryError: truncate(reason, 500) } });
}
