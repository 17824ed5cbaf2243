// Web chat: messages travel over the realtime gateway, so sending needs no provider call.
import type { ChannelAdapter, InboundMessage } from '../types.js';
import type { VisitorContext } from '../../server/realtime/contract.js';

export const webchatAdapter: ChannelAdapter = {
  channel: 'webchat',
  capabilities: { realtime: true, typing: true, attachments: true, maxBodyChars: 5000 },
  // Signs the site's user ids (widget identity verification); shown once, never returned.
  secretSettings: ['identitySecret'],
  async send() {
    // The realtime listener has already emitted the stored message to the visitor's room.
    return { status: 'sent' };
  },
};

/** Turns a verified visitor's socket payload into the shared inbound shape. */
export function normalizeWebchat(inboxId: string, visitorId: string, payload: { clientMessageId: string; body: string; attachmentIds?: string[] }, uploader?: string, context?: VisitorContext): InboundMessage {
  return {
    inboxId,
    channel: 'webchat',
    sender: { kind: 'visitor', value: visitorId, verified: true, ...(context ? { context } : {}) },
    text: payload.body,
    clientMessageId: payload.clientMessageId,
    ...(payload.attachmentIds?.length && uploader ? { uploads: { uploader, ids: payload.attachmentIds } } : {}),
  };
}
