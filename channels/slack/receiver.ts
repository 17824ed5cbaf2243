// Bolt mounted inside our express server (one process, one port): our middleware verifies and
// picks the inbox, Bolt's ExpressReceiver answers url_verification, acknowledges and dispatches
// events (/events) and button clicks (/interactions).
import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { Router } from 'express';
import type { ChannelHost } from '../types.js';
import { slackMessageEvent } from './events.js';
import { handleCsatClick } from './csat.js';
import { handleMessageEvent } from './inbound.js';
import { blockActions, verifySlackInteractions } from './interactions.js';
import { verifySlackEvents, type SlackInbox } from './verify.js';

function boltLogger(host: ChannelHost): BoltLogger {
  let level = LogLevel.INFO;
  const line = (args: unknown[]) => ({ msg: args.map(String).join(' ') });
  return {
    debug: (...a: unknown[]) => host.log.debug(line(a), 'slack: bolt'),
    info: (...a: unknown[]) => host.log.info(line(a), 'slack: bolt'),
    warn: (...a: unknown[]) => host.log.warn(line(a), 'slack: bolt'),
    error: (...a: unknown[]) => host.log.error(line(a), 'slack: bolt'),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function slackRouter(host: ChannelHost): Router {
  const router = Router();
  const logger = boltLogger(host);
  // Registered before the receiver's own route, so nothing unverified reaches Bolt.
  router.post('/events', verifySlackEvents(host));
  router.post('/interactions', verifySlackInteractions(host));
  const receiver = new ExpressReceiver({
    // Signatures are checked above against every inbox's secret; Bolt's check takes only one.
    signingSecret: 'verified-by-switchboard', signatureVerification: false,
    endpoints: { events: '/events', actions: '/interactions' }, router, logger,
    customPropertiesExtractor: (req) => ({ slackInbox: req.res?.locals.slackInbox as SlackInbox | undefined }),
  });
  const app = new App({
    receiver, logger, ignoreSelf: false,
    // Tokens are read per inbox when needed, after the event is acknowledged, never before.
    authorize: async () => ({}),
  });
  app.event('message', async ({ event, body, context }) => {
    const si = context.slackInbox as SlackInbox | undefined;
    const parsed = slackMessageEvent.safeParse(event);
    if (!si || !parsed.success) return;
    const envelope = body as { team_id: string; event_id: string };
    await handleMessageEvent(host, si, envelope.team_id, envelope.event_id, parsed.data);
  });
  // Rating buttons (verifySlackInteractions lets only these through): acknowledge, then store.
  app.action({ block_id: /^csat:/ }, async ({ ack, body, context }) => {
    await ack();
    const si = context.slackInbox as SlackInbox | undefined;
    const parsed = blockActions.safeParse(body);
    if (si && parsed.success) await handleCsatClick(host, si, parsed.data);
  });
  app.error(async (err) => {
    host.log.error({ err: String(err.original ?? err) }, 'slack: handling an event failed');
  });
  return router;
}
