// Uploads waiting to be sent, and who may send or read a stored file. An upload belongs to its
// uploader ("user:<id>" or "visitor:<inboxId>:<visitorId>") until a message claims it, once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Prisma } from '../db/client.js';
import { AppError } from '../errors.js';
import { saveAttachments } from '../ingest/attachments.js';
import { cleanFilename } from './filename.js';
import { megabytes, typeAllowed, type UploadLimits } from './limits.js';
import type { UploadedFile } from './multipart.js';
import { sniffContentType } from './sniff.js';

export interface UploadView { id: string; fileName: string; contentType: string; size: number }

export const userUploader = (userId: string) => `user:${userId}`;
export const visitorUploader = (inboxId: string, visitorId: string) => `visitor:${inboxId}:${visitorId}`;

/** At most this many files go with one message. */
export const MAX_FILES_PER_MESSAGE = 10;

type Tx = Prisma.TransactionClient | Db;

export class AttachmentService {
  readonly root: string;

  constructor(private db: Db, dataDir: string, readonly limits: UploadLimits) {
    this.root = path.resolve(dataDir, 'attachments');
  }

  /** Checks size and sniffed type before anything is written: a refused file leaves no trace. */
  async upload(uploader: string, file: UploadedFile): Promise<UploadView> {
    if (file.data.length > this.limits.maxBytes) throw new AppError('FILE_TOO_LARGE', `Files are limited to ${megabytes(this.limits.maxBytes)} (ATTACHMENT_MAX_BYTES = ${this.limits.maxBytes} bytes)`, 'file');
    if (file.data.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty', 'file');
    const filename = cleanFilename(file.filename);
    const contentType = await sniffContentType(file.data, filename);
    if (!typeAllowed(this.limits, contentType)) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', `Files of type ${contentType} are not allowed (ATTACHMENT_TYPES allows: ${this.limits.types.join(', ')})`, 'file');
    }
    const [saved] = await saveAttachments(path.dirname(this.root), [{ filename, contentType, data: file.data }]);
    const row = await this.db.attachment.create({ data: { ...saved!, filename, contentType, uploader }, select: { id: true } });
    return { id: row.id, fileName: filename, contentType, size: file.data.length };
  }

  /** Before a message is stored: every id is this uploader's and unsent (404 / 409 otherwise). */
  async checkUnsent(uploader: string, ids: readonly string[]): Promise<void> {
    if (ids.length > MAX_FILES_PER_MESSAGE) throw new AppError('VALIDATION_FAILED', `A message takes at most ${MAX_FILES_PER_MESSAGE} files`, 'attachmentIds');
    const rows = await this.db.attachment.findMany({ where: { id: { in: [...ids] } }, select: { id: true, uploader: true, messageId: true } });
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      // Someone else's upload is not found, never forbidden: ids of others' files reveal nothing.
      if (!row || row.uploader !== uploader) throw new AppError('ATTACHMENT_NOT_FOUND', `No upload ${id} of yours`, 'attachmentIds');
      if (row.messageId !== null) throw new AppError('ATTACHMENT_ALREADY_SENT', `Attachment ${id} was sent already; upload the file again to send it once more`, 'attachmentIds');
    }
  }

  /** In the message's transaction: a conditional claim, so two sends racing for one file cannot both win. */
  async claim(tx: Tx, uploader: string, ids: readonly string[], messageId: number, outbound: boolean): Promise<void> {
    if (!ids.length) return;
    const claimed = await tx.attachment.updateMany({
      where: { id: { in: [...ids] }, uploader, messageId: null },
      data: { messageId, ...(outbound ? { deliveryStatus: 'queued' } : {}) },
    });
    if (claimed.count !== new Set(ids).size) throw new AppError('ATTACHMENT_ALREADY_SENT', 'An attachment was sent by another message meanwhile', 'attachmentIds');
  }

  file(storageKey: string): string {
    const file = path.resolve(this.root, storageKey);
    // A stored key can never point outside the attachments folder.
    if (!file.startsWith(this.root + path.sep)) throw new AppError('ATTACHMENT_NOT_FOUND');
    return file;
  }

  read(storageKey: string): Promise<Buffer> {
    return readFile(this.file(storageKey));
  }

  /** What a download needs to know of a stored file. */
  find(id: string) {
    return this.db.attachment.findUnique({ where: { id }, select: { storageKey: true, contentType: true, filename: true } });
  }

  /** Staff may read every sent file; an unsent upload is its uploader's alone until it is part of a message. */
  async staffMayRead(id: string, userId: string): Promise<boolean> {
    const a = await this.db.attachment.findUnique({ where: { id }, select: { messageId: true, uploader: true } });
    return !!a && (a.messageId !== null || a.uploader === null || a.uploader === userUploader(userId));
  }

  /** A visitor may read their own uploads and the public messages of their own conversations. */
  async visitorMayRead(id: string, inboxId: string, visitorId: string): Promise<boolean> {
    const a = await this.db.attachment.findUnique({
      where: { id },
      select: { uploader: true, message: { select: { private: true, conversation: { select: { inboxId: true, customer: { select: { identities: { where: { kind: 'visitor', value: visitorId }, select: { id: true } } } } } } } } },
    });
    if (!a) return false;
    if (a.uploader === visitorUploader(inboxId, visitorId)) return true;
    const m = a.message;
    return !!m && !m.private && m.conversation.inboxId === inboxId && m.conversation.customer.identities.length > 0;
  }
}
