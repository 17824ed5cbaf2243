// Inbound MMS/WhatsApp media: fetched with the account's credentials (as Twilio documents),
// within size and type limits; anything refused becomes a note in the text, never a crash.
import type { InboundAttachment, Logger } from '../types.js';
import { apiOrigin } from './client.js';
import type { Form } from './verify.js';
import type { TwilioSettings } from './settings.js';

const FETCH_TIMEOUT_MS = 8_000;
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg',
  'audio/amr': 'amr', 'video/mp4': 'mp4', 'application/pdf': 'pdf', 'text/plain': 'txt', 'text/vcard': 'vcf',
};

export interface MediaResult {
  attachments: InboundAttachment[];
  notes: string[];
}

export function typeAllowed(contentType: string, allowed: readonly string[]): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    return rule.endsWith('/*') ? type.startsWith(rule.slice(0, -1)) : type === rule;
  });
}

/** Reads a body up to `limit` bytes; null when it is larger. */
async function readCapped(res: Response, limit: number): Promise<Buffer | null> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Fetches one Twilio-hosted file with basic auth; throws a short reason when refused. */
export async function fetchTwilioFile(url: string, s: TwilioSettings, declaredType?: string, allowed: readonly string[] = s.allowedMediaTypes): Promise<{ data: Buffer; contentType: string }> {
  // Only Twilio's own API origin gets our credentials (no SSRF through a forged URL field).
  if (new URL(url).origin !== apiOrigin(s)) throw new Error('not hosted by Twilio');
  const res = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}` },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    redirect: 'follow',
  });
  if (!res.ok) throw new Error(`download failed (HTTP ${res.status})`);
  const contentType = (res.headers.get('content-type') ?? declaredType ?? 'application/octet-stream').split(';')[0]!.trim();
  if (!typeAllowed(contentType, allowed)) throw new Error(`type ${contentType} is not accepted`);
  if (Number(res.headers.get('content-length') ?? 0) > s.maxMediaBytes) throw new Error(`larger than ${s.maxMediaBytes} bytes`);
  const data = await readCapped(res, s.maxMediaBytes);
  if (!data) throw new Error(`larger than ${s.maxMediaBytes} bytes`);
  return { data, contentType };
}

/** All media of a message (NumMedia, MediaUrlN, MediaContentTypeN). */
export async function fetchMedia(form: Form, s: TwilioSettings, log: Logger): Promise<MediaResult> {
  const count = Math.min(Number.parseInt(form.NumMedia ?? '0', 10) || 0, 10);
  const result: MediaResult = { attachments: [], notes: [] };
  for (let i = 0; i < count; i++) {
    const url = form[`MediaUrl${i}`];
    const declared = form[`MediaContentType${i}`] ?? 'application/octet-stream';
    const label = `attachment ${i + 1} (${declared})`;
    if (!url) continue;
    // Refuse by the declared type before spending a download on it.
    if (!typeAllowed(declared, s.allowedMediaTypes)) {
      result.notes.push(`[${label} skipped: type ${declared} is not accepted]`);
      continue;
    }
    try {
      const file = await fetchTwilioFile(url, s, declared);
      result.attachments.push({ filename: `media-${i + 1}.${EXTENSIONS[file.contentType] ?? 'bin'}`, contentType: file.contentType, data: file.data });
    } catch (err) {
      const reason = err instanceof Error && err.name !== 'TimeoutError' ? err.message : 'download timed out';
      log.warn({ url, reason }, 'twilio media skipped');
      result.notes.push(`[${label} skipped: ${reason}]`);
    }
  }
  return result;
}
