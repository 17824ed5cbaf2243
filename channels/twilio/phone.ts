// Phone numbers as Twilio sends them: E.164, optionally behind a "whatsapp:" channel prefix.

const E164 = /^\+[1-9]\d{6,14}$/;

/** True for an E.164 number such as +14155550100. */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/** "whatsapp:+1 415 555 0100" -> "+14155550100"; null when what remains is not E.164. */
export function parseAddress(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const bare = raw.trim().replace(/^whatsapp:/i, '').replace(/[\s().-]/g, '');
  return isE164(bare) ? bare : null;
}

/** The address form Twilio expects on a channel: WhatsApp numbers carry the channel prefix. */
export function channelAddress(channel: 'sms' | 'whatsapp', e164: string): string {
  return channel === 'whatsapp' ? `whatsapp:${e164}` : e164;
}
