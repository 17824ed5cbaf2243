// The three Twilio channels as ChannelAdapters sharing one folder of code.
// The Twilio SDK loads on the first Twilio request, send or call (channels/lazy.ts).
import type { Router } from 'express';
import { lazyRouter } from '../lazy.js';
import type { ChannelAdapter, ChannelHost, OutboundMessage } from '../types.js';
import type { ConnectCallInput } from './calls.js';
import { isOptedOut } from './optout.js';
import { parseAddress } from './phone.js';
import { ENDPOINT_SETTINGS, SECRET_SETTINGS, twilioSettingsSchema } from './settings.js';
import { MEDIA_LIMITS } from './media-out.js';

export interface VoiceAdapter extends ChannelAdapter {
  /** Rings the agent who accepted a waiting call and records it on the conversation. */
  connectCall(input: ConnectCallInput & { conversationId?: string }): Promise<{ callSid: string; status: string }>;
}

/** A fresh adapter; each keeps the host it was mounted with (send needs state and PUBLIC_URL). */
export function createMessagingAdapter(channel: 'sms' | 'whatsapp'): ChannelAdapter {
  let host: ChannelHost | null = null;
  return {
    channel,
    // Twilio takes 1,600 characters per message: SMS as up to 10 concatenated segments, WhatsApp as one message.
    capabilities: { realtime: false, typing: false, attachments: true, maxBodyChars: 1600, smsSegments: channel === 'sms', ...MEDIA_LIMITS[channel] },
    settingsSchema: twilioSettingsSchema,
    secretSettings: SECRET_SETTINGS,
    endpointSettings: ENDPOINT_SETTINGS,
    send: async (message: OutboundMessage) => (await import('./send.js')).sendMessage(channel, host, message),
    async refusesRecipient(recipient) {
      const to = recipient.kind === 'phone' ? parseAddress(recipient.value) : null;
      if (!to) return 'not a valid phone number (E.164, e.g. +14155550100)';
      return host && (await isOptedOut(host, to)) ? `${to} opted out (STOP): no message until they text START` : null;
    },
    routes(h: ChannelHost): Router {
      host = h;
      return lazyRouter(async () => (await import('./messaging-routes.js')).messagingRoutes(channel, h));
    },
  };
}

export function createVoiceAdapter(): VoiceAdapter {
  let host: ChannelHost | null = null;
  return {
    channel: 'voice',
    // Replies to callers go out by SMS; a call carries no files (refused before a reply is stored).
    capabilities: { realtime: false, typing: false, attachments: false, maxBodyChars: 1600, smsSegments: true },
    settingsSchema: twilioSettingsSchema,
    secretSettings: SECRET_SETTINGS,
    endpointSettings: ENDPOINT_SETTINGS,
    // A call cannot carry text: replies (and CSAT surveys) go to the caller by SMS from the voice number.
    send: async (message: OutboundMessage) => (await import('./send.js')).sendMessage('sms', host, message, 'voice'),
    routes(h: ChannelHost): Router {
      host = h;
      return lazyRouter(async () => (await import('./voice-routes.js')).voiceRoutes(h));
    },
    async connectCall(input) {
      // With a <Dial action>, so the caller hears the keypad survey when the agent hangs up.
      const result = await (await import('./voice-connect.js')).connectCallWithSurvey(host, input);
      if (host && input.conversationId) await host.addSystemMessage(input.conversationId, `Connecting caller to ${'number' in input.target ? input.target.number : `agent ${input.target.client}`}`);
      return result;
    },
  };
}

export const smsAdapter = createMessagingAdapter('sms');
export const whatsappAdapter = createMessagingAdapter('whatsapp');
export const voiceAdapter = createVoiceAdapter();
