// Slack as a customer channel: DMs to the app and posts in community channels become
// conversations (one per Slack thread); agent replies are posted back into that thread.
import type { ChannelAdapter } from '../types.js';
import { sendSlack } from './outbound.js';
import { slackRouter } from './receiver.js';
import { SLACK_SECRET_SETTINGS, slackSettingsSchema } from './settings.js';

export const slackAdapter: ChannelAdapter = {
  channel: 'slack',
  // Slack allows 40,000 characters but truncates display past 4,000: replies stay readable.
  capabilities: { realtime: false, typing: false, attachments: true, maxBodyChars: 4000 },
  settingsSchema: slackSettingsSchema,
  secretSettings: SLACK_SECRET_SETTINGS,
  routes: (host) => slackRouter(host),
  send: (message) => sendSlack(message),
};
