// What one message may keep: at most MAX_ATTACHMENTS files of at most MAX_ATTACHMENT_BYTES each.
// The rest are named in a note on the message, with the reason, so nothing vanishes unseen.
import type { InboundAttachment } from '../../channels/types.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachments.js';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export interface AttachmentPlan { keep: InboundAttachment[]; note: string | null }

export function planAttachments(files: InboundAttachment[]): AttachmentPlan {
  const keep: InboundAttachment[] = [];
  const tooBig: string[] = [];
  const tooMany: string[] = [];
  for (const f of files) {
    if (f.data.length > MAX_ATTACHMENT_BYTES) tooBig.push(`${f.filename} (${mb(f.data.length)})`);
    else if (keep.length >= MAX_ATTACHMENTS) tooMany.push(f.filename);
    else keep.push(f);
  }
  const lines: string[] = [];
  if (tooMany.length) lines.push(`[${tooMany.length} attachment${tooMany.length === 1 ? '' : 's'} not kept, a message keeps at most ${MAX_ATTACHMENTS} files: ${tooMany.join(', ')}]`);
  if (tooBig.length) lines.push(`[Not kept, larger than ${mb(MAX_ATTACHMENT_BYTES)}: ${tooBig.join(', ')}]`);
  return { keep, note: lines.length ? lines.join('\n') : null };
}
