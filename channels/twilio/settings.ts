// Inbox settings for the three Twilio channels, validated once by the admin API (400 names the field).
import { z } from 'zod';
import { businessHoursSchema, type BusinessHours } from '../../server/routing/hours.js';
import { isE164 } from './phone.js';

/** Digit -> team key; the defaults follow the spoken menu (1 sales, 2 support, 3 billing, 4 complaints). */
export const DEFAULT_MENU: Record<string, string> = { '1': 'sales', '2': 'support', '3': 'finance', '4': 'care' };

const text = z.string().trim().min(1).max(1000);

export const twilioSettingsSchema = z.object({
  accountSid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC followed by 32 hex digits)'),
  authToken: z.string().trim().min(16, 'must be the account Auth Token').max(200),
  phoneNumber: z.string().trim().refine(isE164, 'must be an E.164 number such as +14155550100'),
  // Points the official client (and media fetches) at a stand-in: only from TWILIO_API_URL (ENDPOINT_SETTINGS).
  apiBaseUrl: z.url('must be a URL such as http://127.0.0.1:4010').optional(),
  // Overrides PUBLIC_URL for signatures and callbacks when a proxy rewrites the host Twilio called.
  webhookBaseUrl: z.url('must be a URL such as https://support.example.com').optional(),
  greeting: z.partialRecord(z.enum(['en', 'zh']), text).optional(),
  menuPrompt: z.partialRecord(z.enum(['en', 'zh']), text).optional(),
  menu: z.record(z.string().regex(/^[0-9]$/, 'menu keys must be single digits'), z.string().trim().min(2).max(32)).default(DEFAULT_MENU),
  maxMediaBytes: z.number().int().min(1).max(25 * 1024 * 1024).default(5 * 1024 * 1024),
  allowedMediaTypes: z.array(z.string().trim().regex(/^[a-z]+\/([a-z0-9.+-]+|\*)$/i, 'must be a MIME type such as image/jpeg or image/*')).max(50)
    .default(['image/*', 'audio/*', 'video/mp4', 'application/pdf', 'text/plain', 'text/vcard']),
  holdMusicUrl: z.url('must be a URL of an MP3 or WAV file').default('http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3'),
  maxWaitSeconds: z.number().int().min(10).max(3600).default(300),
  maxVoicemailSeconds: z.number().int().min(5).max(600).default(120),
  businessHours: businessHoursSchema.nullable().optional(),
});

export type TwilioSettings = z.infer<typeof twilioSettingsSchema>;
export type { BusinessHours };

/** Settings of a stored inbox; the admin API validated them, so a failure here means stale data. */
export function settingsOf(raw: Record<string, unknown>): TwilioSettings {
  return twilioSettingsSchema.parse(raw);
}

export const SECRET_SETTINGS = ['authToken'] as const;

/** The Auth Token goes wherever apiBaseUrl points, so only the environment may set it. */
export const ENDPOINT_SETTINGS = { apiBaseUrl: 'TWILIO_API_URL' } as const;
