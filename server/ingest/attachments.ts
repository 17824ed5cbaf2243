// Saves inbound attachments under DATA_DIR/attachments with random names: the stored key never
// comes from the sender, so a filename cannot escape the folder.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InboundAttachment } from '../../channels/types.js';
import { truncate } from '../text.js';
import { safeContentType } from './content-type.js';
import type { Prisma } from '../db/client.js';
import { AppError } from '../errors.js';

/** In the message's transaction: the sender's own unsent uploads join the message, all or none. */
export async function claimUploads(tx: Prisma.TransactionClient, uploads: { uploader: string; ids: string[] }, messageId: number): Promise<void> {
  const ids = [...new Set(uploads.ids)];
  const claimed = await tx.attachment.updateMany({ where: { id: { in: ids }, uploader: uploads.uploader, messageId: null }, data: { messageId } });
  if (claimed.count !== ids.length) throw new AppError('ATTACHMENT_ALREADY_SENT', 'An attachment is not yours or was sent already', 'attachmentIds');
}

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

export interface SavedAttachment { filename: string; contentType: string; size: number; storageKey: string }

export async function saveAttachments(dataDir: string, files: InboundAttachment[]): Promise<SavedAttachment[]> {
  const day = new Date().toISOString().slice(0, 10);
  const dir = path.resolve(dataDir, 'attachments', day);
  await mkdir(dir, { recursive: true });
  const saved: SavedAttachment[] = [];
  // Oversized or surplus files are dropped here as a last guard; adapters report them first.
  for (const f of files.slice(0, MAX_ATTACHMENTS)) {
    if (f.data.length > MAX_ATTACHMENT_BYTES) continue;
    const storageKey = `${day}/${randomUUID()}`;
    await writeFile(path.resolve(dataDir, 'attachments', storageKey), f.data);
    saved.push({ filename: safeName(f.filename), contentType: safeContentType(f.contentType), size: f.data.length, storageKey });
  }
  return saved;
}

function safeName(name: string): string {
  const base = path.basename(name || 'attachment').replace(/[\u0000-\u001f"\\]/g, '_');
  return truncate(base, 200) || 'attachment';
}
