// Saves inbound attachments under DATA_DIR/attachments with random names: the stored key never
// comes from the sender, so a filename cannot escape the folder.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InboundAttachment } from '../../channels/types.js';
import { truncate } from '../text.js';

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
    saved.push({ filename: safeName(f.filename), contentType: f.contentType.slice(0, 200) || 'application/octet-stream', size: f.data.length, storageKey });
  }
  return saved;
}

function safeName(name: string): string {
  const base = path.basename(name || 'attachment').replace(/[\u0000-\u001f"\\]/g, '_');
  return truncate(base, 200) || 'attachment';
}
