// Webhook authenticity: Twilio signs the exact public URL it called plus the POSTed form fields.
import type { Request } from 'express';
import twilio from 'twilio';
import { AppError } from '../../server/errors.js';
import type { ChannelHost, InboxConfig } from '../types.js';
import { parseAddress } from './phone.js';
import { settingsOf, type TwilioSettings } from './settings.js';

export type TwilioChannel = 'sms' | 'whatsapp' | 'voice';
export type Form = Record<string, string>;

export interface VerifiedRequest {
  inbox: InboxConfig;
  settings: TwilioSettings;
  form: Form;
  /** Origin (and path prefix) Twilio reaches us at: for callback URLs we hand back to Twilio. */
  base: string;
}

/** Flat string fields only: Twilio never sends nested or repeated parameters. */
export function formOf(req: Request): Form {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const form: Form = {};
  for (const [k, v] of Object.entries(body)) form[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
  return form;
}

/** Where Twilio reaches us: per-inbox override, then PUBLIC_URL, then this request's own origin. */
export function publicBase(host: ChannelHost, req: Request, settings?: Pick<TwilioSettings, 'webhookBaseUrl'>): string {
  const configured = settings?.webhookBaseUrl ?? host.publicUrl;
  // req.protocol honours X-Forwarded-Proto only when TRUST_PROXY is on.
  return (configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
}

/** A phone field of the form, or 400 naming it. */
export function requirePhone(form: Form, field: string): string {
  const value = parseAddress(form[field]);
  if (!value) throw new AppError('VALIDATION_FAILED', `${field}: must be an E.164 phone number such as +14155550100`, field);
  return value;
}

/**
 * Finds the inbox (by the signed `inbox` query parameter of our own callback URLs, else by the
 * `To` number), then checks X-Twilio-Signature with that inbox's auth token.
 */
export async function verifyTwilio(host: ChannelHost, req: Request, channel: TwilioChannel, numberField: 'To' | 'From' = 'To'): Promise<VerifiedRequest> {
  const form = formOf(req);
  const inboxId = typeof req.query.inbox === 'string' ? req.query.inbox : undefined;
  let inbox: InboxConfig | undefined;
  if (inboxId) {
    inbox = (await host.findInboxes(channel, (i) => i.id === inboxId))[0];
    if (!inbox) throw new AppError('INBOX_NOT_FOUND', `No enabled ${channel} inbox ${inboxId}`, 'inbox');
  } else {
    const number = requirePhone(form, numberField);
    inbox = (await host.findInboxes(channel, (i) => parseAddress(i.settings.phoneNumber) === number))[0];
    if (!inbox) throw new AppError('INBOX_NOT_FOUND', `No enabled ${channel} inbox has the number ${number} (${numberField})`, numberField);
  }
  const settings = settingsOf(inbox.settings);
  const base = publicBase(host, req, settings);
  const signature = req.get('x-twilio-signature');
  if (!signature || !twilio.validateRequest(settings.authToken, signature, base + req.originalUrl, form)) {
    host.log.warn({ channel, inboxId: inbox.id, url: base + req.originalUrl }, 'twilio webhook with a missing or invalid signature');
    throw new AppError('FORBIDDEN', 'X-Twilio-Signature is missing or does not match this request', 'X-Twilio-Signature');
  }
  return { inbox, settings, form, base };
}

/** A callback URL under this channel's mount, carrying the inbox (Twilio signs the whole URL). */
export function callbackUrl(base: string, channel: TwilioChannel, route: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query).toString();
  return `${base}/channels/${channel}/${route}${q ? `?${q}` : ''}`;
}
