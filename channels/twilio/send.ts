// Outbound SMS/WhatsApp through the official client; opted-out numbers are never messaged.
import { PermanentDeliveryError, type ChannelHost, type OutboundMessage, type SendResult } from '../types.js';
import { toDeliveryError, twilioClient } from './client.js';
import { isOptedOut } from './optout.js';
import { channelAddress, parseAddress } from './phone.js';
import { settingsOf } from './settings.js';
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
  try {
    const sent = await twilioClient(s).messages.create({
      from: channelAddress(channel, s.phoneNumber),
      to: channelAddress(channel, to),
      // SMS has no formatting; WhatsApp has its own markers.
      body: channel === 'whatsapp' ? markdownToWhatsApp(message.body) : markdownToPlain(message.body),
      // Without a public URL Twilio could not reach us anyway, so ask for no callbacks.
      ...(base ? { statusCallback: callbackUrl(base, callbackChannel, callbackChannel === 'voice' ? 'message-status' : 'status', { inbox: message.inbox.id }) } : {}),
    });
    return { externalId: sent.sid, status: 'sent' };
  } catch (err) {
    throw toDeliveryError(err);
  }
}
