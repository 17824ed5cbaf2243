// What a channel delivered, with every text field cleaned once (server/text.ts) before anything
// stores, compares or indexes it. A clean message (the usual case) is returned as it is.
import type { InboundMessage } from '../../channels/types.js';
import { cleanText, truncate } from '../text.js';

const MAX_NAME = 200;
const opt = (s: string | undefined) => (s === undefined ? s : cleanText(s));

export function cleanInbound(msg: InboundMessage): InboundMessage {
  const { sender } = msg;
  const name = sender.name === undefined ? undefined : truncate(cleanText(sender.name), MAX_NAME);
  const text = cleanText(msg.text);
  const changed = text !== msg.text || name !== sender.name || cleanText(sender.value) !== sender.value
    || opt(msg.subject) !== msg.subject || opt(msg.externalId) !== msg.externalId || opt(msg.clientMessageId) !== msg.clientMessageId
    || opt(msg.threadKey) !== msg.threadKey || msg.attachments?.some((a) => cleanText(a.filename) !== a.filename || cleanText(a.contentType) !== a.contentType);
  if (!changed) return msg;
  return {
    ...msg, text,
    sender: { ...sender, value: cleanText(sender.value), ...(name === undefined ? {} : { name }) },
    ...(msg.subject === undefined ? {} : { subject: cleanText(msg.subject) }),
    ...(msg.externalId === undefined ? {} : { externalId: cleanText(msg.externalId) }),
    ...(msg.clientMessageId === undefined ? {} : { clientMessageId: cleanText(msg.clientMessageId) }),
    ...(msg.threadKey === undefined ? {} : { threadKey: cleanText(msg.threadKey) }),
    ...(msg.attachments ? { attachments: msg.attachments.map((a) => ({ ...a, filename: cleanText(a.filename), contentType: cleanText(a.contentType) })) } : {}),
  };
}
