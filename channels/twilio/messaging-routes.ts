// Inbound SMS/WhatsApp webhooks and delivery status callbacks, mounted at /channels/<sms|whatsapp>.
import express, { Router, type Request, type Response } from 'express';
import twilio from 'twilio';
import { AppError } from '../../server/errors.js';
import type { DeliveryStatus } from '../../server/realtime/contract.js';
import type { ChannelHost } from '../types.js';
import { fetchMedia } from './media.js';
import { applyOptKeyword } from './optout.js';
import { requirePhone, verifyTwilio, type TwilioChannel } from './verify.js';

const SID = /^(SM|MM|IM|[A-Z]{2})[0-9a-fA-F]{32}$/;

/** Twilio's message statuses onto ours; intermediate ones without a match are ignored. */
const STATUS: Record<string, DeliveryStatus> = {
  accepted: 'queued', scheduled: 'queued', queued: 'queued', sending: 'sent', sent: 'sent',
  delivered: 'delivered', read: 'read', failed: 'failed', undelivered: 'failed', canceled: 'failed',
};

/** A shared location (WhatsApp: Latitude, Longitude, Address, Label) as a line with a map link. */
export function locationOf(form: Record<string, string>): string | null {
  if (form.Latitude === undefined && form.Longitude === undefined) return null;
  const coordinate = (field: 'Latitude' | 'Longitude', max: number) => {
    const n = Number(form[field]);
    if (!form[field]?.trim() || !Number.isFinite(n) || Math.abs(n) > max) throw new AppError('VALIDATION_FAILED', `${field}: must be a number from -${max} to ${max}`, field);
    return n;
  };
  const lat = coordinate('Latitude', 90);
  const lon = coordinate('Longitude', 180);
  const place = [form.Label, form.Address].map((s) => s?.trim()).filter(Boolean).join(', ').slice(0, 300);
  return `Shared location: ${place ? `${place} ` : ''}(${lat}, ${lon}) https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/** Empty TwiML: we answer later from the console, not in this response. */
export function emptyTwiml(res: Response): void {
  res.type('text/xml').send(new twilio.twiml.MessagingResponse().toString());
}

/** Delivery reports for messages we sent (StatusCallback); voice inboxes reuse it for SMS replies. */
export function messageStatusHandler(channel: TwilioChannel, host: ChannelHost) {
  return async (req: Request, res: Response): Promise<void> => {
    const { inbox, form } = await verifyTwilio(host, req, channel, 'From');
    const sid = form.MessageSid ?? form.SmsSid ?? '';
    const status = STATUS[(form.MessageStatus ?? form.SmsStatus ?? '').toLowerCase()];
    if (SID.test(sid) && status) {
      const error = form.ErrorCode ? `Twilio error ${form.ErrorCode}${form.ErrorMessage ? `: ${form.ErrorMessage}` : ''}` : undefined;
      await host.updateDelivery(inbox.id, sid, status, error);
    }
    res.status(204).end();
  };
}

export function messagingRoutes(channel: 'sms' | 'whatsapp', host: ChannelHost): Router {
  const r = Router();
  // Twilio posts urlencoded forms; flat fields only (extended: false).
  r.use(express.urlencoded({ extended: false, limit: '64kb' }));

  r.post('/webhook', async (req, res) => {
    const { inbox, settings, form } = await verifyTwilio(host, req, channel);
    const from = requirePhone(form, 'From');
    const sid = form.MessageSid ?? form.SmsSid ?? '';
    if (!SID.test(sid)) throw new AppError('VALIDATION_FAILED', 'MessageSid: must be a Twilio message SID', 'MessageSid');
    const media = await fetchMedia(form, settings, host.log);
    const body = (form.Body ?? '').trim();
    const text = [body, locationOf(form), ...media.notes].filter(Boolean).join('\n') || (media.attachments.length ? '[media]' : '[empty message]');
    const stored = await host.receive({
      inboxId: inbox.id, channel,
      sender: { kind: 'phone', value: from, ...(form.ProfileName ? { name: form.ProfileName.slice(0, 100) } : {}), verified: true },
      text, externalId: sid,
      ...(media.attachments.length ? { attachments: media.attachments } : {}),
    });
    // Only the first delivery changes opt-out state (a redelivered STOP must not re-stamp it).
    if (stored.created) {
      const change = await applyOptKeyword(host, from, body);
      if (change) await host.addSystemMessage(stored.conversationId, change);
    }
    emptyTwiml(res);
  });

  r.post('/status', messageStatusHandler(channel, host));
  return r;
}
