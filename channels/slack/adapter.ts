// Slack as a customer channel: DMs to the app and posts in community channels become
// conversations (one per Slack thread); agent replies are posted back into that thread.
import { lazyRouter } from '../lazy.js';
import type { ChannelAdapter, ChannelHost } from '../types.js';
import { SLACK_ENDPOINT_SETTINGS, SLACK_SECRET_SETTINGS, slackSettingsSchema } from './settings.js';

/** A fresh adapter; it keeps the host it was mounted with (surveys and the mirror need state). */
export function createSlackAdapter(): ChannelAdapter {
  let host: ChannelHost | null = null;
  return {
    channel: 'slack',
    // Slack allows 40,000 characters but truncates display past 4,000: replies stay readable.
    capabilities: { realtime: false, typing: false, attachments: true, maxBodyChars: 4000 },
    settingsSchema: slackSettingsSchema,
    secretSettings: SLACK_SECRET_SETTINGS,
    endpointSettings: SLACK_ENDPOINT_SETTINGS,
    // Bolt and the Web API client load on the first Slack request or reply (channels/lazy.ts).
    routes(h) {
      host = h;
      return lazyRouter(async () => (await import('./receiver.js')).slackRouter(h));
    },
    send: async (message) => (await import('./deliver.js')).deliverSlack(host, message),
  };
}

export const slackAdapter = createSlackAdapter();
