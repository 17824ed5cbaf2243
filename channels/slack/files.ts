// Files into the customer's Slack thread the way Slack's Web API documents it: per file
// files.getUploadURLExternal, then the bytes POSTed to its upload_url, then one
// files.completeUploadExternal that shares them all in the channel and thread.
import { PermanentDeliveryError, type OutboundAttachment } from '../types.js';
import { clientFor, tokenAllowed } from './api.js';
import type { SlackSettings } from './settings.js';

export type UploadedFiles = { id: string; title: string }[];

/** Uploads the bytes, still unshared (invisible): a failure here has posted nothing, so a retry repeats nothing. */
export async function uploadFiles(settings: SlackSettings, files: OutboundAttachment[]): Promise<UploadedFiles> {
  const client = clientFor(settings);
  const uploaded: { id: string; title: string }[] = [];
  for (const f of files) {
    const data = await f.read();
    const slot = await client.files.getUploadURLExternal({ filename: f.filename, length: data.length });
    if (!slot.upload_url || !slot.file_id) throw new Error('Slack gave no upload URL');
    // The bytes go only to Slack's own hosts (or the configured stand-in), never to an address from elsewhere.
    if (!tokenAllowed(settings, slot.upload_url)) throw new PermanentDeliveryError(`Slack's upload URL is not a Slack address: ${new URL(slot.upload_url).host}`);
    const form = new FormData();
    form.append('filename', new Blob([new Uint8Array(data)], { type: f.contentType }), f.filename);
    const res = await fetch(slot.upload_url, { method: 'POST', body: form, signal: AbortSignal.timeout(60_000) });
    if (!res.ok) throw new Error(`Slack refused the upload of ${f.filename}: HTTP ${res.status}`);
    uploaded.push({ id: slot.file_id, title: f.filename });
  }
  return uploaded;
}

/** Shares uploaded files in the conversation's channel and thread. */
export async function shareFiles(settings: SlackSettings, uploaded: UploadedFiles, target: { channel: string; threadTs?: string }): Promise<void> {
  await clientFor(settings).files.completeUploadExternal({ files: uploaded as [{ id: string; title: string }], channel_id: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) });
}
