// Files out as Twilio media: Twilio fetches each one from its signed, expiring link on our server
// (MediaUrl), so PUBLIC_URL must be set. Larger files or other types go as links in the text.
import { PermanentDeliveryError, type ChannelCapabilities, type OutboundAttachment } from '../types.js';

const MB = 1024 * 1024;

/** Twilio's documented media limits: MMS 5 MB of images, WhatsApp 16 MB of images, PDF and office files. */
export const MEDIA_LIMITS: Record<'sms' | 'whatsapp', Pick<ChannelCapabilities, 'maxFileBytes' | 'fileTypes'>> = {
  sms: { maxFileBytes: 5 * MB, fileTypes: ['image/jpeg', 'image/png', 'image/gif'] },
  whatsapp: {
    maxFileBytes: 16 * MB,
    fileTypes: ['image/jpeg', 'image/png', 'application/pdf', 'text/plain',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  },
};

/** The MediaUrl lists, one per Twilio message to create (the first goes with the text). */
export function mediaUrls(channel: 'sms' | 'whatsapp', files: OutboundAttachment[]): string[][] {
  if (!files.length) return [];
  const urls = files.map((f) => {
    if (!f.url) throw new PermanentDeliveryError(`${channel} media needs PUBLIC_URL: Twilio fetches ${f.filename} from a signed link on this server`);
    return f.url;
  });
  const per = channel === 'sms' ? 10 : 1;
  const groups: string[][] = [];
  for (let i = 0; i < urls.length; i += per) groups.push(urls.slice(i, i + per));
  return groups;
}
