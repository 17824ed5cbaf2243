// The settings form of each channel, as a small field list (paths are dotted into `settings`).
import type { MessageKey } from '../../i18n.js';
import type { Channel } from '../../types.js';

export type FieldKind = 'text' | 'number' | 'bool' | 'secret' | 'list' | 'email' | 'url';

export interface FieldSpec {
  path: string;
  label: MessageKey;
  kind: FieldKind;
  required?: boolean;
  placeholder?: string;
}

const twilio: FieldSpec[] = [
  { path: 'accountSid', label: 'ch.f.accountSid', kind: 'text', required: true, placeholder: 'AC…' },
  { path: 'authToken', label: 'ch.f.authToken', kind: 'secret', required: true },
  { path: 'phoneNumber', label: 'ch.f.phoneNumber', kind: 'text', required: true, placeholder: '+14155550100' },
  { path: 'webhookBaseUrl', label: 'ch.f.webhookBaseUrl', kind: 'url', placeholder: 'https://support.example.com' },
  { path: 'maxWaitSeconds', label: 'ch.f.maxWaitSeconds', kind: 'number' },
];

export const CHANNEL_FIELDS: Record<Channel, FieldSpec[]> = {
  webchat: [],
  email: [
    { path: 'address', label: 'ch.f.address', kind: 'email', required: true, placeholder: 'support@example.com' },
    { path: 'imap.host', label: 'ch.f.imapHost', kind: 'text', required: true, placeholder: 'imap.example.com' },
    { path: 'imap.port', label: 'ch.f.imapPort', kind: 'number', required: true, placeholder: '993' },
    { path: 'imap.secure', label: 'ch.f.imapSecure', kind: 'bool' },
    { path: 'imap.user', label: 'ch.f.imapUser', kind: 'text', required: true },
    { path: 'imapPassword', label: 'ch.f.imapPassword', kind: 'secret', required: true },
    { path: 'smtp.host', label: 'ch.f.smtpHost', kind: 'text', required: true, placeholder: 'smtp.example.com' },
    { path: 'smtp.port', label: 'ch.f.smtpPort', kind: 'number', required: true, placeholder: '587' },
    { path: 'smtp.secure', label: 'ch.f.smtpSecure', kind: 'bool' },
    { path: 'smtp.user', label: 'ch.f.smtpUser', kind: 'text' },
    { path: 'smtpPassword', label: 'ch.f.smtpPassword', kind: 'secret' },
  ],
  sms: twilio,
  whatsapp: twilio,
  voice: twilio,
  slack: [
    { path: 'botToken', label: 'ch.f.botToken', kind: 'secret', required: true, placeholder: 'xoxb-…' },
    { path: 'signingSecret', label: 'ch.f.signingSecret', kind: 'secret', required: true },
    { path: 'teamId', label: 'ch.f.slackTeamId', kind: 'text', required: true, placeholder: 'T0123ABCD' },
    { path: 'communityChannelIds', label: 'ch.f.communityChannelIds', kind: 'list', placeholder: 'C0123ABCD, C0456EFGH' },
    { path: 'mirrorChannelId', label: 'ch.f.mirrorChannelId', kind: 'text', placeholder: 'C0789IJKL' },
  ],
};

export function getPath(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const out = { ...obj };
  if (!rest.length) {
    if (value === undefined) delete out[head!];
    else out[head!] = value;
    return out;
  }
  const child = out[head!] && typeof out[head!] === 'object' ? (out[head!] as Record<string, unknown>) : {};
  out[head!] = setPath(child, rest.join('.'), value);
  return out;
}

/** The form's raw strings -> the settings body; empty optional fields and empty secrets are left out. */
export function buildSettings(base: Record<string, unknown>, fields: FieldSpec[], values: Record<string, string | boolean>): Record<string, unknown> {
  let out = base;
  for (const f of fields) {
    const v = values[f.path];
    if (f.kind === 'bool') { out = setPath(out, f.path, v === true); continue; }
    const s = typeof v === 'string' ? v.trim() : '';
    if (f.kind === 'secret') { out = s ? setPath(out, f.path, s) : setPath(out, f.path, undefined); continue; }
    if (!s) { out = setPath(out, f.path, f.kind === 'list' ? [] : undefined); continue; }
    if (f.kind === 'number') out = setPath(out, f.path, Number(s));
    else if (f.kind === 'list') out = setPath(out, f.path, s.split(/[\s,]+/).filter(Boolean));
    else out = setPath(out, f.path, s);
  }
  return out;
}

/** Initial form values from stored settings (secrets always start empty). */
export function formValues(settings: Record<string, unknown>, fields: FieldSpec[], channel: Channel): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of fields) {
    const v = getPath(settings, f.path);
    if (f.kind === 'bool') out[f.path] = typeof v === 'boolean' ? v : channel === 'email' && f.path === 'imap.secure';
    else if (f.kind === 'secret') out[f.path] = '';
    else if (Array.isArray(v)) out[f.path] = v.join(', ');
    else out[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}
