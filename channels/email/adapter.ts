// The email channel: IMAP IDLE in (one watcher per mailbox across nodes, by lease), SMTP out.
// imapflow and nodemailer load only once an email inbox exists or a reply is sent (channels/lazy.ts).
import type { ChannelAdapter, ChannelHost, InboxConfig } from '../types.js';
import { EMAIL_SECRET_SETTINGS, emailSettingsSchema, readSettings } from './settings.js';
import { DEFAULT_TIMING, type WatcherTiming } from './timing.js';
import type { MailboxWatcher } from './watcher.js';

import { emailStatus } from './status.js';
export { emailStatus };

export interface EmailAdapterOptions extends Partial<WatcherTiming> {
  /** How often the inbox list is re-read, so created, edited or disabled inboxes take effect. */
  rescanMs?: number;
}

export function createEmailAdapter(opts: EmailAdapterOptions = {}): ChannelAdapter {
  const timing: WatcherTiming = { ...DEFAULT_TIMING, ...Object.fromEntries(Object.entries(opts).filter(([k, v]) => k in DEFAULT_TIMING && v !== undefined)) };
  const rescanMs = opts.rescanMs ?? 10_000;
  // Sends need the host for reply tokens and last Message-IDs; start() gives it to us.
  let currentHost: ChannelHost | null = null;

  return {
    channel: 'email',
    status: (host, inboxId) => emailStatus(host, inboxId),
    capabilities: { realtime: false, typing: false, attachments: true, maxBodyChars: 100_000, maxFileBytes: 20 * 1024 * 1024 },
    settingsSchema: emailSettingsSchema as unknown as ChannelAdapter['settingsSchema'],
    secretSettings: EMAIL_SECRET_SETTINGS,
    send: async (message) => (await import('./send.js')).sendEmail(currentHost, message),

    async start(host) {
      currentHost = host;
      const watchers = new Map<string, { fingerprint: string; watcher: MailboxWatcher }>();
      let stopped = false;
      const sync = async () => {
        const inboxes: InboxConfig[] = await host.findInboxes('email');
        const wanted = new Map(inboxes.filter((i) => i.enabled).map((i) => [i.id, i]));
        for (const [id, w] of watchers) {
          const next = wanted.get(id);
          if (!next || JSON.stringify(next.settings) !== w.fingerprint) { watchers.delete(id); await w.watcher.stop(); }
        }
        for (const [id, inbox] of wanted) {
          if (watchers.has(id) || stopped) continue;
          const parsed = emailSettingsSchema.safeParse(inbox.settings);
          if (!parsed.success) { host.log.warn({ inboxId: id }, 'email inbox settings are invalid; not watching'); continue; }
          const { MailboxWatcher } = await import('./watcher.js');
          watchers.set(id, { fingerprint: JSON.stringify(inbox.settings), watcher: new MailboxWatcher(host, id, readSettings(inbox.settings), timing) });
        }
      };
      let running: Promise<void> = sync().catch((err) => host.log.error({ err: (err as Error).message }, 'email inbox scan failed'));
      const timer = setInterval(() => {
        running = running.then(sync).catch((err) => host.log.error({ err: (err as Error).message }, 'email inbox scan failed'));
      }, rescanMs);
      timer.unref();
      return async () => {
        stopped = true;
        clearInterval(timer);
        await running;
        await Promise.all([...watchers.values()].map((w) => w.watcher.stop()));
        watchers.clear();
      };
    },
  };
}

export const emailAdapter: ChannelAdapter = createEmailAdapter();
