// One table maps each channel to its adapter. Adding a channel: an enum value in the contract,
// an adapter in channels/<name>/, one entry here, and tests.
import type { Channel } from '../server/realtime/contract.js';
import type { ChannelAdapter } from './types.js';
import { emailAdapter } from './email/adapter.js';
import { slackAdapter } from './slack/adapter.js';
import { smsAdapter, voiceAdapter, whatsappAdapter } from './twilio/adapter.js';
import { webchatAdapter } from './webchat/adapter.js';

export type AdapterRegistry = Partial<Record<Channel, ChannelAdapter>>;

export function defaultAdapters(): AdapterRegistry {
  return { webchat: webchatAdapter, email: emailAdapter, sms: smsAdapter, whatsapp: whatsappAdapter, voice: voiceAdapter, slack: slackAdapter };
}
