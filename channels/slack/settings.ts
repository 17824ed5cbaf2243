// Inbox settings for a Slack workspace: validated on create/update; tokens never leave the server.
import { z } from 'zod';

const slackId = (prefix: string) => z.string().trim().regex(new RegExp(`^${prefix}[A-Z0-9]{2,30}$`), `must be a Slack id starting with ${prefix}`);

export const slackSettingsSchema = z
  .object({
    botToken: z.string().trim().regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token (xoxb-...)'),
    signingSecret: z.string().trim().min(8, 'must be the app signing secret').max(200),
    teamId: slackId('T'),
    communityChannelIds: z.array(slackId('[CG]')).max(100).default([]),
    mirrorChannelId: slackId('[CG]').optional(),
    // Where the Web API lives (default https://slack.com/api/): only from SLACK_API_URL (SLACK_ENDPOINT_SETTINGS).
    apiUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((s) => !s.mirrorChannelId || !s.communityChannelIds.includes(s.mirrorChannelId), {
    message: 'the mirror channel must not also be a community channel', path: ['mirrorChannelId'],
  });

export type SlackSettings = z.output<typeof slackSettingsSchema>;

export const SLACK_SECRET_SETTINGS = ['botToken', 'signingSecret'] as const;

/** The bot token goes wherever apiUrl points, so only the environment may set it. */
export const SLACK_ENDPOINT_SETTINGS = { apiUrl: 'SLACK_API_URL' } as const;

/** Settings as stored (already validated on write); null when an inbox was saved before a schema change. */
export function readSettings(settings: Record<string, unknown>): SlackSettings | null {
  const parsed = slackSettingsSchema.safeParse(settings);
  return parsed.success ? parsed.data : null;
}
