// Outbound SMS/WhatsApp through the official client; opted-out numbers are never messaged.
import { PermanentDeliveryError, type ChannelHost, type OutboundMessage, type SendResult } from '../types.js';
import { toDeliveryError, twilioClient } from './client.js';
import { isOptedOut } from './optout.js';
import { channelAddress, parseAddress } from './phone.js';
import { settingsOf } from './settings.js';
import { mediaUrls } from './media-out.js';
import { callbackUrl, type TwilioChannel } from './verify.js';
import { markdownToPlain, markdownToWhatsApp } from '../../server/format/render.js';

/** `channel` picks the address form; `callbackChannel` the inbox's mount (voice inboxes reply by SMS). */
export async function sendMessage(channel: 'sms' | 'whatsapp', host: ChannelHost | null, message: OutboundMessage, callbackChannel: TwilioChannel = channel): Promise<SendResult> {
  if (!host) throw new Error(`the ${channel} adapter has no host yet (routes not mounted)`);
  const to = message.recipient?.kind === 'phone' ? parseAddress(message.recipient.value) : null;
  if (!to) throw new PermanentDeliveryError(`no valid phone number for this ${channel} conversation`);
  if (await isOptedOut(host, to)) throw new PermanentDeliveryError('recipient opted out');
  const s = settingsOf(message.inbox.settings);
  const base = (s.webhookBaseUrl ?? host.publicUrl)?.replace(/\/+$/, '');
  // MMS takes up to 10 media per message; WhatsApp one, so further files follow as messages of their own.
  const media = mediaUrls(channel, message.attachments ?? []);
  try {
    const client = twilioClient(s);
    // SMS has no formatting; WhatsApp has its own markers.
    const text = channel === 'whatsapp' ? markdownToWhatsApp(message.body) : markdownToPlain(message.body);
    const create = (body: string, urls: string[]) => client.messages.create({
      from: channelAddress(channel, s.phoneNumber),
      to: channelAddress(channel, to),
      body,
      ...(urls.length ? { mediaUrl: urls } : {}),
      // Without a public URL Twilio could not reach us anyway, so ask for no callbacks.
      ...(base ? { statusCallback: callbackUrl(base, callbackChannel, callbackChannel === 'voice' ? 'message-status' : 'status', { inbox: message.inbox.id }) } : {}),
    });
    if (media.length <= 1) return { externalId: (await create(text, media[0] ?? [])).sid, status: 'sent' };
    // Several messages for one reply: the ones created are remembered, so a retry sends only the rest.
    const key = `twilio:sent:${message.inbox.id}:${message.messageId}`;
    const done = JSON.parse((await host.state.get(key)) ?? '[]') as string[];
    for (let i = done.length; i < media.length; i++) {
      done.push((await create(i === 0 ? text : '', media[i]!)).sid);
      await host.state.set(key, JSON.stringify(done));
    }
    await host.state.set(key, null);
    return { externalId: done[0]!, status: 'sent' };
  } catch (err) {
    throw toDeliveryError(err);
  }
}
