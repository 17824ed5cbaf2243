// The email inbox settings: validated by the admin API, secrets flattened to top-level keys.
import { z } from 'zod';

const host = z.string().trim().min(1, 'is required').max(255);
const port = z.coerce.number().int().min(1).max(65535);

export const emailSettingsSchema = z.object({
  address: z.email('must be an email address').trim().toLowerCase(),
  imap: z.object({ host, port, secure: z.boolean().default(true), user: z.string().min(1, 'is required').max(320) }),
  smtp: z.object({ host, port, secure: z.boolean().default(false), user: z.string().max(320).optional() }),
  // The folder to watch: a server-side rule may file support mail somewhere other than INBOX.
  mailbox: z.string().trim().min(1, 'is required').max(255).default('INBOX'),
  // Top-level so the API's secretSettings redaction (top-level keys only) hides them.
  imapPassword: z.string().min(1, 'is required').max(1000),
  smtpPassword: z.string().max(1000).optional(),
  pollIntervalSec: z.coerce.number().int().min(5).max(3600).default(60),
  maxAttachmentBytes: z.coerce.number().int().min(0).max(25 * 1024 * 1024).default(10 * 1024 * 1024),
  // List-Id values of a mailing list or group that delivers customer mail to this mailbox (list mail is bulk otherwise).
  allowLists: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
});

export type EmailSettings = z.infer<typeof emailSettingsSchema>;

export const EMAIL_SECRET_SETTINGS = ['imapPassword', 'smtpPassword'] as const;

/** Stored settings were validated on write; parse again so defaults apply to old rows too. */
export function readSettings(raw: Record<string, unknown>): EmailSettings {
  return emailSettingsSchema.parse(raw);
}

/** The domain of our address, for generated Message-IDs. */
export function ourDomain(s: Pick<EmailSettings, 'address'>): string {
  return s.address.split('@')[1] ?? 'localhost';
}
